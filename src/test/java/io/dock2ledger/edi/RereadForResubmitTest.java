package io.dock2ledger.edi;

import io.dock2ledger.edi.ack.AckPreferences;
import io.dock2ledger.edi.store.InMemoryControlNumbers;
import io.dock2ledger.edi.store.InMemoryInterchangeRegistry;
import io.dock2ledger.edi.syntax.EdiTransaction;
import io.dock2ledger.edi.syntax.TransactionSchemas;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator's resubmit of one set of an EDI file the hub already read (issue 12): {@link EdiIntake#reread} hands out
 * the file's valid sets again although its interchange was claimed, writes no acknowledgment and uses no control number,
 * and leaves the registry as it was, so the duplicate check still refuses the partner's own resend of the interchange.
 */
class RereadForResubmitTest {

    @Test
    void aReceivedInterchangeIsReadAgainWithoutTheDuplicateRefusalAndWithoutAcknowledgingAgain() {
        InMemoryControlNumbers controlNumbers = new InMemoryControlNumbers();
        EdiIntake intake = new EdiIntake(new TransactionSchemas(), controlNumbers,
                new InMemoryInterchangeRegistry(Duration.ofDays(30)), EdiTestSupport.CLOCK);
        String file = EdiTestSupport.text("edi/demo/945_SHP-9002.x12");

        EdiTestSupport.Result first = EdiTestSupport.readText(intake, file, AckPreferences.DEFAULT);
        assertThat(first.delivered()).hasSize(1);
        assertThat(first.report().acknowledgments()).hasSize(1);
        long isaBefore = controlNumbers.next("acme-3pl", "ISA");

        List<EdiTransaction> again = new ArrayList<>();
        EdiReadReport report;
        try (EdiIntake.EdiRead read = intake.reread(in(file), "acme-3pl", AckPreferences.DEFAULT)) {
            read.forEachRemaining(again::add);
            report = read.report();
        }
        assertThat(again).hasSize(1);
        assertThat(again.get(0).json()).isEqualTo(first.delivered().get(0).json());
        assertThat(report.interchanges()).singleElement().satisfies(i -> {
            assertThat(i.duplicate()).isFalse();
            assertThat(i.ackNote()).startsWith("not acknowledged: re-read for a resubmit");
        });
        assertThat(report.acknowledgments()).as("the partner is not answered twice").isEmpty();
        assertThat(controlNumbers.next("acme-3pl", "ISA")).as("no control number used by the re-read")
                .isEqualTo(isaBefore + 1);

        // The registry is untouched: the partner's own resend of the interchange is still a duplicate.
        EdiTestSupport.Result resent = EdiTestSupport.readText(intake, file, AckPreferences.DEFAULT);
        assertThat(resent.delivered()).isEmpty();
        assertThat(resent.report().interchanges()).singleElement().satisfies(i -> assertThat(i.duplicate()).isTrue());
    }

    private static ByteArrayInputStream in(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
