package io.dock2ledger.posting.rules;

import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.posting.DemoExpectations;
import io.dock2ledger.posting.documents.FinanceDocument;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static io.dock2ledger.posting.rules.PostingFixtures.line;
import static io.dock2ledger.posting.rules.PostingFixtures.returnLine;
import static io.dock2ledger.posting.rules.PostingFixtures.returned;
import static io.dock2ledger.posting.rules.PostingFixtures.shipment;
import static org.assertj.core.api.Assertions.assertThat;

class ReturnPostingTest {

    private final MasterData masterData = PostingFixtures.masterData();
    private final InMemoryPostingState state = new InMemoryPostingState();
    private final PostingEngine engine = new PostingEngine(masterData, PostingFixtures.rules(masterData), state);

    @Test
    void aReturnBeforeItsShipmentWaits() {
        PostingOutcome outcome = engine.post(PostingFixtures.demoEvent("RMA-80001"));

        assertThat(outcome).isEqualTo(new PostingOutcome.Waiting("RMA-80001 returns 6 EA MUG-RED of SO-50001 line 1,"
                + " which has not shipped yet; the credit memo waits for the shipment"));
    }

    @Test
    void aReturnBeyondWhatShippedAndWasNotReturnedIsAnOverReturn() {
        engine.post(shipment("SHP-9020", "SO-50001", LocalDate.of(2026, 11, 26), line(1, "MUG-RED", "4")));

        PostingOutcome outcome = engine.post(PostingFixtures.demoEvent("RMA-80001"));

        assertThat(outcome).isEqualTo(new PostingOutcome.Rejected(ExceptionCategory.OVER_RETURN,
                "RMA-80001 returns 6 EA of SO-50001 line 1 but only 4 EA are shipped and not returned (4 shipped, 0 returned)"));
        assertThat(state.orderLine("SO-50001", 1).returned()).isEqualByComparingTo("0");
    }

    @Test
    void theRmaCapsWhatCanBeCredited() {
        engine.post(PostingFixtures.demoEvent("SHP-9001"));
        assertThat(engine.post(PostingFixtures.demoEvent("RMA-80001"))).isInstanceOf(PostingOutcome.Posted.class);

        PostingOutcome again = engine.post(returned("RMA-80001-B", "RMA-80001", returnLine(1, "MUG-RED", "1", "RESTOCK")));

        assertThat(again).isEqualTo(new PostingOutcome.Rejected(ExceptionCategory.OVER_RETURN,
                "RMA-80001-B returns 1 EA MUG-RED under RMA-80001, which authorises 6 EA of which 6 EA are already credited"));
        assertThat(state.orderLine("SO-50001", 1)).isEqualTo(
                new PostingState.OrderLineProgress(new BigDecimal("36"), new BigDecimal("6")));
    }

    @Test
    void aReturnOnHoldWaitsAndALaterDispositionForTheSameRmaPostsIt() {
        engine.post(PostingFixtures.demoEvent("SHP-9001"));
        CanonicalEvent onHold = withEventId(returned("RMA-80001", "RMA-80001", returnLine(1, "MUG-RED", "6", "HOLD")), "evt-hold");

        assertThat(engine.post(onHold)).isEqualTo(new PostingOutcome.Waiting("RMA-80001 returns 6 EA under RMA-80001"
                + " on HOLD; the credit memo waits for the final disposition (a new return.received event for RMA-80001)"));
        assertThat(state.heldReturns("RMA-80001")).extracting(PostingState.HeldReturn::eventId).containsExactly("evt-hold");

        CanonicalEvent restocked = withEventId(returned("RMA-80001", "RMA-80001", returnLine(1, "MUG-RED", "6", "RESTOCK")), "evt-final");
        PostingOutcome finalOutcome = engine.post(restocked);

        assertThat(finalOutcome).isInstanceOfSatisfying(PostingOutcome.Posted.class, posted -> {
            assertThat(posted.documents()).extracting(FinanceDocument::journalKind).containsExactly("CREDIT_MEMO", "RETURN_RESTOCK");
            assertThat(posted.documents().get(0).total()).isEqualByComparingTo("32.08");
        });
        assertThat(state.heldReturns("RMA-80001")).isEmpty();
        assertThat(engine.post(onHold)).isEqualTo(new PostingOutcome.NothingToPost("RMA-80001 (event evt-hold) was held"
                + " on HOLD; event evt-final brought the final disposition for RMA-80001 and posted its credit memo"));
    }

    @Test
    void aReturnWithAnyLineUnderInspectionWaitsAsAWhole() {
        engine.post(PostingFixtures.demoEvent("SHP-9001"));

        PostingOutcome outcome = engine.post(returned("RMA-80001", "RMA-80001",
                returnLine(1, "MUG-RED", "3", "RESTOCK"), returnLine(2, "MUG-RED", "3", "INSPECT")));

        assertThat(outcome).isInstanceOfSatisfying(PostingOutcome.Waiting.class, w -> assertThat(w.reason()).contains("INSPECT"));
        assertThat(state.creditedUnderRma("RMA-80001")).isEqualByComparingTo("0");
    }

    @Test
    void eachFinalDispositionGetsItsOwnJournal() {
        engine.post(PostingFixtures.demoEvent("SHP-9001"));

        PostingOutcome outcome = engine.post(returned("RMA-80001", "RMA-80001",
                returnLine(1, "MUG-RED", "2", "SCRAP"), returnLine(2, "MUG-RED", "4", "VENDOR_RETURN")));

        assertThat(outcome).isInstanceOfSatisfying(PostingOutcome.Posted.class, posted -> {
            List<FinanceDocument> documents = posted.documents();
            assertThat(documents).extracting(FinanceDocument::journalKind)
                    .containsExactly("CREDIT_MEMO", "RETURN_SCRAP", "RETURN_VENDOR");
            // tax per line: 9.90 x 0.08 = 0.792 -> 0.79 and 19.80 x 0.08 = 1.584 -> 1.58 (not 29.70 x 0.08 = 2.38)
            assertThat(DemoExpectations.byAccount(documents.get(0))).containsEntry("4100", new BigDecimal("29.70"))
                    .containsEntry("2200", new BigDecimal("2.37")).containsEntry("1100", new BigDecimal("-32.07"));
            assertThat(DemoExpectations.byAccount(documents.get(1))).containsEntry("5200", new BigDecimal("4.80"))
                    .containsEntry("5000", new BigDecimal("-4.80"));
            assertThat(DemoExpectations.byAccount(documents.get(2))).containsEntry("1150", new BigDecimal("9.60"))
                    .containsEntry("5000", new BigDecimal("-9.60"));
        });
    }

    @Test
    void anUnknownDispositionIsRejected() {
        engine.post(PostingFixtures.demoEvent("SHP-9001"));

        PostingOutcome outcome = engine.post(returned("RMA-80001", "RMA-80001", returnLine(1, "MUG-RED", "6", "DONATE")));

        assertThat(outcome).isEqualTo(new PostingOutcome.Rejected(ExceptionCategory.UNKNOWN_REASON_CODE,
                "RMA-80001 line 1 has disposition DONATE, which the posting rules do not know"
                        + " (known: HOLD, INSPECT, RESTOCK, SCRAP, VENDOR_RETURN)"));
    }

    @Test
    void anItemTheRmaDoesNotAuthoriseIsAnOverReturn() {
        engine.post(PostingFixtures.demoEvent("SHP-9001"));

        assertThat(engine.post(returned("RMA-80001", "RMA-80001", returnLine(1, "KETTLE-1L", "1", "RESTOCK"))))
                .isEqualTo(new PostingOutcome.Rejected(ExceptionCategory.OVER_RETURN,
                        "RMA-80001 line 1 returns KETTLE-1L, but RMA-80001 authorises only MUG-RED"));
    }

    @Test
    void anUnknownRmaIsRejected() {
        assertThat(engine.post(returned("RMA-89999", "RMA-89999", returnLine(1, "MUG-RED", "1", "RESTOCK"))))
                .isEqualTo(new PostingOutcome.Rejected(ExceptionCategory.UNKNOWN_ORDER,
                        "RMA-89999 returns under RMA-89999, which is not a known return authorization"));
    }

    private static CanonicalEvent withEventId(CanonicalEvent e, String eventId) {
        return new CanonicalEvent(eventId, e.type(), e.schemaVersion(), e.source(), e.businessTime(), e.businessDate(),
                e.receivedAt(), e.warehouse(), e.locationCode(), e.references(), e.lines(), e.charge());
    }
}
