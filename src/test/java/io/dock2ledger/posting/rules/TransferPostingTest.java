package io.dock2ledger.posting.rules;

import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.masterdata.MasterData;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static io.dock2ledger.posting.rules.PostingFixtures.line;
import static io.dock2ledger.posting.rules.PostingFixtures.refs;
import static io.dock2ledger.posting.rules.PostingFixtures.transfer;
import static org.assertj.core.api.Assertions.assertThat;

class TransferPostingTest {

    private static final LocalDate NOV_26 = LocalDate.of(2026, 11, 26);
    private static final LocalDate NOV_29 = LocalDate.of(2026, 11, 29);

    private final MasterData masterData = PostingFixtures.masterData();
    private final PostingEngine engine = new PostingEngine(masterData, PostingFixtures.rules(masterData),
            new InMemoryPostingState());

    @Test
    void legsWithDifferentQuantitiesAreAMismatch() {
        engine.post(transfer("transfer.shipped", "TRF-1102", "WH-EAST", NOV_26, line(1, "MUG-RED", "48")));

        PostingOutcome received = engine.post(transfer("transfer.received", "TRF-1102", "WH-WEST", NOV_29,
                line(1, "MUG-RED", "40")));

        assertThat(received).isEqualTo(new PostingOutcome.Rejected(ExceptionCategory.TRANSFER_QUANTITY_MISMATCH,
                "Transfer TRF-1102 does not match between its legs at WH-WEST: 40 EA MUG-RED received but 48 EA"
                        + " shipped and not yet received"));
    }

    @Test
    void anItemThatWasNeverShippedIsAMismatch() {
        engine.post(transfer("transfer.shipped", "TRF-1103", "WH-EAST", NOV_26, line(1, "MUG-RED", "48")));

        PostingOutcome received = engine.post(transfer("transfer.received", "TRF-1103", "WH-WEST", NOV_29,
                line(1, "MUG-RED", "48"), line(2, "MUG-BLU", "1")));

        assertThat(received).isInstanceOfSatisfying(PostingOutcome.Rejected.class, r -> {
            assertThat(r.category()).isEqualTo(ExceptionCategory.TRANSFER_QUANTITY_MISMATCH);
            assertThat(r.reason()).endsWith("1 EA MUG-BLU received but 0 EA shipped and not yet received");
        });
    }

    @Test
    void theReceivingLegWaitsForTheShippingLeg() {
        PostingOutcome received = engine.post(transfer("transfer.received", "TRF-1104", "WH-WEST", NOV_29,
                line(1, "MUG-RED", "48")));

        assertThat(received).isEqualTo(new PostingOutcome.Waiting(
                "TRF-1104 received transfer TRF-1104 at WH-WEST; it waits for the shipping leg from WH-EAST to post first"));
    }

    @Test
    void bothLegsPostWithinOneEntity() {
        CanonicalEvent shipped = PostingFixtures.event("transfer.shipped", "TRF-1105", "WH-EAST", NOV_26,
                refs().transfer("TRF-1105").toWarehouse("ACME-NJ").build(), List.of(line(1, "KETTLE-1L", "4")));
        CanonicalEvent received = PostingFixtures.event("transfer.received", "TRF-1105", "ACME-NJ", NOV_26,
                refs().transfer("TRF-1105").fromWarehouse("WH-EAST").build(), List.of(line(1, "KETTLE-1L", "4")));

        PostingOutcome out = engine.post(shipped);
        PostingOutcome in = engine.post(received);

        assertThat(List.of(out, in)).allSatisfy(o -> assertThat(o).isInstanceOfSatisfying(PostingOutcome.Posted.class,
                p -> {
                    assertThat(p.documents().get(0).entity()).isEqualTo("US01");
                    assertThat(p.documents().get(0).counterparty()).isEqualTo("US01");
                    assertThat(p.documents().get(0).totalDebit()).isEqualByComparingTo("59.00");
                }));
    }
}
