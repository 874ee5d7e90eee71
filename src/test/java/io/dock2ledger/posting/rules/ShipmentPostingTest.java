package io.dock2ledger.posting.rules;

import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.EventLine;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.posting.DemoExpectations;
import io.dock2ledger.posting.documents.DocumentKind;
import io.dock2ledger.posting.documents.FinanceDocument;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static io.dock2ledger.posting.rules.PostingFixtures.line;
import static io.dock2ledger.posting.rules.PostingFixtures.refs;
import static io.dock2ledger.posting.rules.PostingFixtures.shipment;
import static org.assertj.core.api.Assertions.assertThat;

class ShipmentPostingTest {

    private static final LocalDate NOV_28 = LocalDate.of(2026, 11, 28);

    private final MasterData masterData = PostingFixtures.masterData();
    private final InMemoryPostingState state = new InMemoryPostingState();
    private final PostingEngine engine = new PostingEngine(masterData, PostingFixtures.rules(masterData), state);

    @Test
    void shippingMoreThanTheOpenQuantityIsAnOverShipment() {
        assertThat(engine.post(PostingFixtures.demoEvent("SHP-9001"))).isInstanceOf(PostingOutcome.Posted.class);

        PostingOutcome outcome = engine.post(shipment("SHP-9003", "SO-50001", NOV_28, line(1, "MUG-RED", "60")));

        assertThat(outcome).isEqualTo(new PostingOutcome.Rejected(ExceptionCategory.OVER_SHIPMENT,
                "SHP-9003 ships 60 EA of SO-50001 line 1 but only 12 EA are open (48 ordered, 36 shipped)"));
        assertThat(state.orderLine("SO-50001", 1).shipped()).isEqualByComparingTo("36");
    }

    @Test
    void partialShipmentsAcrossTwoDocumentsInvoiceTheRest() {
        engine.post(PostingFixtures.demoEvent("SHP-9001"));

        PostingOutcome rest = engine.post(shipment("SHP-9004", "SO-50001", NOV_28, line(1, "MUG-RED", "12")));

        assertThat(rest).isInstanceOfSatisfying(PostingOutcome.Posted.class, posted -> {
            FinanceDocument invoice = posted.documents().get(0);
            assertThat(invoice.kind()).isEqualTo(DocumentKind.INVOICE);
            assertThat(invoice.net()).isEqualByComparingTo("59.40");   // 12 x 4.95
            assertThat(invoice.tax()).isEqualByComparingTo("4.75");    // 59.40 x 0.08 = 4.752
            assertThat(invoice.total()).isEqualByComparingTo("64.15");
            assertThat(DemoExpectations.byAccount(posted.documents().get(1)))
                    .containsEntry("5000", new BigDecimal("28.80")).containsEntry("1200", new BigDecimal("-28.80"));
        });
        assertThat(state.orderLine("SO-50001", 1).shipped()).isEqualByComparingTo("48");
        assertThat(engine.post(shipment("SHP-9005", "SO-50001", NOV_28, line(1, "MUG-RED", "1"))))
                .isEqualTo(new PostingOutcome.Rejected(ExceptionCategory.OVER_SHIPMENT,
                        "SHP-9005 ships 1 EA of SO-50001 line 1 but only 0 EA are open (48 ordered, 48 shipped)"));
    }

    @Test
    void anOverShippedLineStopsTheWholeDocument() {
        PostingOutcome outcome = engine.post(shipment("SHP-9006", "SO-50001", NOV_28,
                line(1, "MUG-RED", "10"), line(2, "KETTLE-1L", "9")));

        assertThat(outcome).isInstanceOfSatisfying(PostingOutcome.Rejected.class, r -> {
            assertThat(r.category()).isEqualTo(ExceptionCategory.OVER_SHIPMENT);
            assertThat(r.reason()).isEqualTo("SHP-9006 ships 9 EA of SO-50001 line 2 but only 8 EA are open (8 ordered, 0 shipped)");
        });
        assertThat(state.orderLine("SO-50001", 1).shipped()).isEqualByComparingTo("0");
    }

    @Test
    void twoLinesOfTheSameOrderLineCountTogether() {
        PostingOutcome outcome = engine.post(shipment("SHP-9007", "SO-50001", NOV_28,
                line(1, "MUG-RED", "30"), line(2, "MUG-RED", "30")));

        assertThat(outcome).isInstanceOfSatisfying(PostingOutcome.Rejected.class, r ->
                assertThat(r.reason()).startsWith("SHP-9007 ships 60 EA of SO-50001 line 1 but only 48 EA are open"));
    }

    @Test
    void partnerQuantityInCasesIsConvertedWhenIntakeLeftNoBaseQuantity() {
        EventLine cases = new EventLine(1, "ACM-0001", "MUG-RED", new BigDecimal("3"), "CA", null, null,
                null, null, null, null);

        PostingOutcome outcome = engine.post(shipment("SHP-9008", "SO-50001", NOV_28, cases));

        assertThat(outcome).isInstanceOfSatisfying(PostingOutcome.Posted.class, posted ->
                assertThat(posted.documents().get(0).invoiceLines().get(0).quantity()).isEqualByComparingTo("36"));
    }

    @Test
    void aUnitWithoutConversionIsAnUnknownUnit() {
        EventLine pallets = new EventLine(1, null, "MUG-RED", BigDecimal.ONE, "PL", null, null, null, null, null, null);

        PostingOutcome outcome = engine.post(shipment("SHP-9009", "SO-50001", NOV_28, pallets));

        assertThat(outcome).isEqualTo(new PostingOutcome.Rejected(ExceptionCategory.UNKNOWN_UNIT,
                "SHP-9009 line 1 is in PL, which master data cannot convert to the base unit EA of MUG-RED"));
    }

    @Test
    void anUnknownOrderIsRejected() {
        assertThat(engine.post(shipment("SHP-9010", "SO-99999", NOV_28, line(1, "MUG-RED", "1"))))
                .isEqualTo(new PostingOutcome.Rejected(ExceptionCategory.UNKNOWN_ORDER,
                        "SHP-9010 ships against sales order SO-99999, which master data does not know"));
    }

    @Test
    void anItemTheOrderDoesNotHaveIsRejected() {
        assertThat(engine.post(shipment("SHP-9011", "SO-50001", NOV_28, line(1, "TEA-EARL", "1"))))
                .isEqualTo(new PostingOutcome.Rejected(ExceptionCategory.UNKNOWN_ORDER,
                        "SHP-9011 line 1 ships TEA-EARL, but sales order SO-50001 has no line for it"));
    }

    @Test
    void aShipmentToAnotherCustomerThanTheOrdersIsRejected() {
        CanonicalEvent toWrongCustomer = PostingFixtures.event("shipment.confirmed", "SHP-9012", "ACME-NJ", NOV_28,
                refs().order("SO-50001").customer("CUST-1003").build(), List.of(line(1, "MUG-RED", "1")));

        assertThat(engine.post(toWrongCustomer)).isEqualTo(new PostingOutcome.Rejected(
                ExceptionCategory.UNKNOWN_CUSTOMER, "SHP-9012 is for customer CUST-1003 but SO-50001 belongs to customer CUST-1001"));
    }

    @Test
    void anUnknownWarehouseIsAnUnknownLocation() {
        CanonicalEvent nowhere = PostingFixtures.event("shipment.confirmed", "SHP-9013", "WH-MARS", NOV_28,
                refs().order("SO-50001").build(), List.of(line(1, "MUG-RED", "1")));

        assertThat(engine.post(nowhere)).isEqualTo(new PostingOutcome.Rejected(ExceptionCategory.UNKNOWN_LOCATION,
                "SHP-9013 names warehouse WH-MARS, which master data does not know"));
    }

    @Test
    void aQuantityWorthLessThanACentMovesStockButBooksNothing() {
        PostingOutcome outcome = engine.post(shipment("SHP-9015", "SO-50001", NOV_28, line(1, "MUG-RED", "0.001")));

        assertThat(outcome).isEqualTo(new PostingOutcome.NothingToPost(
                "SHP-9015 ships quantities of SO-50001 whose amounts all round to 0.00; nothing to book"));
        assertThat(state.orderLine("SO-50001", 1).shipped()).isEqualByComparingTo("0.001");
    }

    @Test
    void aShipmentOfNothingPostsNothing() {
        assertThat(engine.post(shipment("SHP-9014", "SO-50001", NOV_28, line(1, "MUG-RED", "0"))))
                .isInstanceOf(PostingOutcome.NothingToPost.class);
    }
}
