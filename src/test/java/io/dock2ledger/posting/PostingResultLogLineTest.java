package io.dock2ledger.posting;

import io.dock2ledger.posting.EventPostingService.Result;
import io.dock2ledger.posting.EventPostingService.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The posting route logs each event's outcome as its Result's text (routes/canonical-events-to-finance.camel.yaml). */
class PostingResultLogLineTest {

    @Test
    void saysWhatHappenedToWhichEventAndWhyWithoutTheEventItself() {
        Result waiting = new Result(Status.WAITING, "ev-7", "waits for shipment SHP-1 of transfer TRF-1",
                "{\"eventId\":\"ev-7\",\"lines\":[]}", 1_000L, 2_000L);

        assertThat(waiting).hasToString("WAITING ev-7: waits for shipment SHP-1 of transfer TRF-1");
    }
}
