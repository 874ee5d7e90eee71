package io.dock2ledger.posting.rules;

import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.Charge;
import io.dock2ledger.canonical.EventSource;
import io.dock2ledger.canonical.References;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.posting.documents.JournalLine;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static io.dock2ledger.posting.rules.PostingFixtures.refs;
import static org.assertj.core.api.Assertions.assertThat;

class LandedCostPostingTest {

    private static final LocalDate NOV_27 = LocalDate.of(2026, 11, 27);

    private final MasterData masterData = PostingFixtures.masterData();
    private final PostingEngine engine = new PostingEngine(masterData, PostingFixtures.rules(masterData),
            new InMemoryPostingState());

    @Test
    void aChargeWithoutAMatchingReceiptWaitsAndSaysWhatItLooksFor() {
        assertThat(engine.post(PostingFixtures.demoEvent("DTY-6002"))).isEqualTo(new PostingOutcome.Waiting(
                "DTY-6002 waits for a receipt of purchase order PO-70001 with bill of lading BOL55120 to post;"
                        + " the charge is capitalised onto its lines"));
        assertThat(engine.post(PostingFixtures.demoEvent("FRT-6001"))).isEqualTo(new PostingOutcome.Waiting(
                "FRT-6001 waits for receipt RCV-3001 to post; the charge is capitalised onto its lines"));
    }

    @Test
    void aBillOfLadingOfAnotherShipmentDoesNotMatch() {
        engine.post(PostingFixtures.demoEvent("RCV-3001"));

        PostingOutcome outcome = engine.post(charge("HDL-6003", "HANDLING", "10.00",
                refs().purchaseOrder("PO-70001").billOfLading("BOL99999").build()));

        assertThat(outcome).isInstanceOf(PostingOutcome.Waiting.class);
    }

    @Test
    void handlingIsAllocatedByQuantity() {
        engine.post(PostingFixtures.demoEvent("RCV-3001"));

        PostingOutcome outcome = engine.post(charge("HDL-6004", "HANDLING", "10.01",
                refs().purchaseOrder("PO-70001").billOfLading("BOL55120").build()));

        assertThat(outcome).isInstanceOfSatisfying(PostingOutcome.Posted.class, posted -> {
            List<JournalLine> lines = posted.documents().get(0).journalLines();
            // 240 EA each: 5.005 rounds half-up to 5.01 twice, the -0.01 remainder goes to the first (tie) line
            assertThat(lines.get(0).debit()).isEqualByComparingTo("5.00");
            assertThat(lines.get(1).debit()).isEqualByComparingTo("5.01");
            assertThat(lines.get(0).memo()).isEqualTo("handling HDL-6004 by quantity: 240 EA of 480 EA, RCV-3001 line 1");
            assertThat(lines.get(2).credit()).isEqualByComparingTo("10.01");
        });
    }

    @Test
    void theSameReceiptArrivingByAnotherRouteIsNotPostedTwice() {
        engine.post(PostingFixtures.demoEvent("RCV-3001"));
        CanonicalEvent again = PostingFixtures.demoEvent("RCV-3001");
        CanonicalEvent viaOtherPartner = new CanonicalEvent("evt-other", again.type(), again.schemaVersion(),
                new EventSource("other-3pl", null, "file", "receipt-csv", "RCV-3001", null), again.businessTime(),
                again.businessDate(), again.receivedAt(), again.warehouse(), null, again.references(), again.lines(), null);

        assertThat(engine.post(viaOtherPartner)).isEqualTo(new PostingOutcome.Rejected(ExceptionCategory.POSSIBLE_CORRECTION,
                "RCV-3001 is receipt RCV-3001, which has already posted; a second receipt with the same id is never posted again"));
    }

    @Test
    void aReceiptOfAnotherPurchaseOrderIsAnUnmatchedCharge() {
        engine.post(PostingFixtures.demoEvent("RCV-3001"));

        PostingOutcome outcome = engine.post(charge("FRT-6005", "FREIGHT", "20.00",
                refs().receipt("RCV-3001").purchaseOrder("PO-70002").build()));

        assertThat(outcome).isEqualTo(new PostingOutcome.Rejected(ExceptionCategory.UNMATCHED_CHARGE,
                "FRT-6005 names receipt RCV-3001 and purchase order PO-70002, but RCV-3001 received PO-70001"));
    }

    @Test
    void aChargeWithNothingToMatchOnIsAnUnmatchedCharge() {
        PostingOutcome outcome = engine.post(charge("FRT-6006", "FREIGHT", "20.00", refs().purchaseOrder("PO-70001").build()));

        assertThat(outcome).isEqualTo(new PostingOutcome.Rejected(ExceptionCategory.UNMATCHED_CHARGE,
                "FRT-6006 names neither a receipt nor a purchase order with a bill of lading, so no receipt can ever match it"));
    }

    @Test
    void aChargeTypeWithoutRuleIsAnUnmatchedCharge() {
        engine.post(PostingFixtures.demoEvent("RCV-3001"));

        PostingOutcome outcome = engine.post(charge("STO-6007", "STORAGE", "20.00", refs().receipt("RCV-3001").build()));

        assertThat(outcome).isEqualTo(new PostingOutcome.Rejected(ExceptionCategory.UNMATCHED_CHARGE,
                "STO-6007 is a STORAGE charge, which the posting rules do not allocate (no landed-cost.charges.STORAGE)"));
    }

    private static CanonicalEvent charge(String id, String type, String amount, References references) {
        return new CanonicalEvent("evt-" + id, "landed-cost.charged", CanonicalEvent.SCHEMA_VERSION,
                new EventSource("carrier-feed", null, "file", "charges-csv", id, null), NOV_27.toString(), NOV_27,
                Instant.parse("2026-11-27T12:00:00Z"), null, null, references, List.of(),
                new Charge(type, new BigDecimal(amount), "USD", "Keystone Freight", NOV_27));
    }
}
