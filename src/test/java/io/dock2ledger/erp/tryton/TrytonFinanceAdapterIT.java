package io.dock2ledger.erp.tryton;

import com.fasterxml.jackson.databind.JsonNode;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.HubException;
import io.dock2ledger.masterdata.InMemoryMasterData;
import io.dock2ledger.masterdata.MasterDataSeed;
import io.dock2ledger.posting.documents.DocumentKind;
import io.dock2ledger.posting.documents.FinanceDocument;
import io.dock2ledger.posting.documents.InvoiceLine;
import io.dock2ledger.posting.documents.JournalLine;
import io.dock2ledger.posting.documents.StoredDocument;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Tryton finance adapter against a real trytond (run-local.sh, {@link TrytonServer}): each document kind posts
 * with Tryton's own amounts equal to the hub's, delivering again finds what was posted instead of posting twice, a
 * document left in draft is posted, and Tryton's refusals arrive as exception categories with owners. The documents are
 * the demo set's (config/demo/expected.json), numbered ADP-* so they never meet the full-hub test's numbers.
 */
@Tag("tryton")
class TrytonFinanceAdapterIT {

    private static final LocalDate NOV_26 = LocalDate.of(2026, 11, 26);
    private static final AtomicInteger ids = new AtomicInteger();

    private static TrytonServer server;
    private static TrytonClient tryton;
    private static TrytonFinanceAdapter adapter;

    @BeforeAll
    static void adapterOnARealTryton() {
        server = TrytonServer.shared();
        tryton = server.client();
        TrytonProperties properties = new TrytonProperties(server.url(), "dock2ledger", "admin", server.password(),
                java.time.Duration.ofSeconds(60), "REV", "GEN", "Direct", List.of("invoice_payment_term"), "US01");
        adapter = new TrytonFinanceAdapter(new TrytonSession(new TrytonClient(server.url(), "dock2ledger"), "admin",
                server.password()), new TrytonLookups(), new InMemoryMasterData(new MasterDataSeed(
                Path.of("config/masterdata"))), properties);
    }

    @Test
    void shipmentInvoicePostsAtTheDemoTotalAndADeliveryAgainFindsIt() {
        StoredDocument invoice = stored("ADP-INV-1", shp9001Invoice());

        String reference = adapter.deliver(invoice);

        assertThat(reference).startsWith("account.invoice,");
        JsonNode posted = invoiceByReference("ADP-INV-1").get(0);
        assertThat(posted.get("state").asText()).isEqualTo("posted");
        assertThat(TrytonJson.decimal(posted.get("total_amount"))).isEqualByComparingTo("443.02");
        assertThat(TrytonJson.decimal(posted.get("untaxed_amount"))).isEqualByComparingTo("410.20");
        assertThat(TrytonJson.decimal(posted.get("tax_amount"))).isEqualByComparingTo("32.82");

        assertThat(adapter.deliver(invoice)).isEqualTo(reference);
        assertThat(invoiceByReference("ADP-INV-1")).hasSize(1);
    }

    @Test
    void returnCreditMemoPostsAsACreditNoteOfTheDemoTotal() {
        FinanceDocument memo = new FinanceDocument(DocumentKind.CREDIT_MEMO, "CREDIT_MEMO", "US01", "USD",
                LocalDate.of(2026, 11, 27), "2026-11", false, "e-rma", "wh-east", "return.received", "RMA-80001",
                "CUST-1001", "RMA-80001", money("29.70"), money("2.38"), money("32.08"),
                List.of(new InvoiceLine(1, "MUG-RED", new BigDecimal("6"), "EA", new BigDecimal("4.95"),
                        money("29.70"), new BigDecimal("0.08"), money("2.38"), 1)),
                journal(line("4100", "29.70", "MUG-RED"), line("2200", "2.38", null), line("1100", "-32.08", null)));

        String reference = adapter.deliver(stored("ADP-CM-1", memo));

        JsonNode posted = invoiceByReference("ADP-CM-1").get(0);
        assertThat(reference).isEqualTo("account.invoice," + posted.get("id").asLong());
        assertThat(TrytonJson.decimal(posted.get("total_amount"))).isEqualByComparingTo("-32.08");
        assertThat(movedByAccount(posted.get("move").asLong()))
                .isEqualTo(Map.of("4100", money("29.70"), "2200", money("2.38"), "1100", money("-32.08")));
    }

    @Test
    void transferIntoTheSecondCompanyPostsAMoveThere() {
        FinanceDocument transferIn = journalDocument("INTERCOMPANY_TRANSFER_IN", "US02", LocalDate.of(2026, 11, 29),
                "TRF-1101", null, line("1200", "115.20", "MUG-RED"), line("2300", "-115.20", null));

        String reference = adapter.deliver(stored("ADP-JE-US02-1", transferIn));

        long move = Long.parseLong(reference.substring("account.move,".length()));
        JsonNode posted = tryton.searchRead("account.move", List.of(List.of("id", "=", move)),
                List.of("state", "company.party.code", "description")).get(0);
        assertThat(posted.get("state").asText()).isEqualTo("posted");
        assertThat(posted.get("company.").get("party.").get("code").asText()).isEqualTo("US02");
        assertThat(movedByAccount(move)).isEqualTo(Map.of("1200", money("115.20"), "2300", money("-115.20")));
        assertThat(adapter.deliver(stored("ADP-JE-US02-1", transferIn))).isEqualTo(reference);
    }

    @Test
    void aJournalOnTheReceivableCarriesItsCustomerAsParty() {
        FinanceDocument reversal = journalDocument("REVERSAL", "US01", NOV_26, "SHP-9001", "CUST-1001",
                line("4000", "10.00", null), line("1100", "-10.00", null));

        String reference = adapter.deliver(stored("ADP-JE-REV-1", reversal));

        List<JsonNode> lines = tryton.searchRead("account.move.line",
                List.of(List.of("move", "=", Long.parseLong(reference.substring("account.move,".length()))),
                        List.of("account.code", "=", "1100")), List.of("party.code"));
        assertThat(lines).singleElement().satisfies(l -> assertThat(l.get("party.").get("code").asText())
                .isEqualTo("CUST-1001"));
    }

    @Test
    void aMoveLeftInDraftIsPostedNotCreatedAgain() {
        FinanceDocument receipt = journalDocument("RECEIPT_ACCRUAL", "US01", LocalDate.of(2026, 11, 25), "RCV-3001",
                "SUP-200", line("1200", "1140.00", null), line("2100", "-1140.00", null));
        // what a crash between create and post leaves behind
        long company = tryton.findOne("company.company", List.of(List.of("party.code", "=", "US01")), List.of("id"))
                .get("id").asLong();
        long draft = tryton.inContext(Map.of("company", company)).create("account.move", List.of(Map.of(
                "company", company,
                "journal", tryton.findOne("account.journal", List.of(List.of("code", "=", "GEN")), List.of("id"))
                        .get("id").asLong(),
                "period", period(company, LocalDate.of(2026, 11, 25)),
                "date", LocalDate.of(2026, 11, 25),
                "description", "ADP-JE-DRAFT-1 RECEIPT_ACCRUAL RCV-3001 " + TrytonFinanceAdapter.identity(receipt),
                "lines", List.of(List.of("create", List.of(
                        Map.of("account", account(company, "1200"), "debit", money("1140.00"), "credit", money("0")),
                        Map.of("account", account(company, "2100"), "debit", money("0"), "credit", money("1140.00")))))))).get(0);

        assertThat(adapter.deliver(stored("ADP-JE-DRAFT-1", receipt))).isEqualTo("account.move," + draft);
        assertThat(tryton.searchRead("account.move", List.of(List.of("description", "like", "ADP-JE-DRAFT-1 %")),
                List.of("state"))).singleElement().satisfies(m -> assertThat(m.get("state").asText()).isEqualTo("posted"));
    }

    @Test
    void aJournalDatedInTrytonsClosedPeriodGoesToFinance() {
        FinanceDocument october = journalDocument("INVENTORY_ADJUSTMENT", "US02", LocalDate.of(2026, 10, 15), "ADJ-X",
                null, line("5110", "10.00", null), line("1200", "-10.00", null));

        assertThatThrownBy(() -> adapter.deliver(stored("ADP-JE-CLOSED-1", october)))
                .isInstanceOfSatisfying(HubException.class, e -> {
                    System.out.println("closed period: " + e.getMessage());
                    assertThat(e.category()).isEqualTo(ExceptionCategory.ERP_CLOSED_PERIOD);
                    assertThat(e.getMessage()).contains("ADP-JE-CLOSED-1").contains("2026-10");
                });
    }

    @Test
    void anUnbalancedJournalIsTrytonsUnbalancedMove() {
        FinanceDocument unbalanced = journalDocument("INVENTORY_ADJUSTMENT", "US01", NOV_26, "ADJ-Y", null,
                line("5110", "10.00", null), line("1200", "-9.99", null));

        assertThatThrownBy(() -> adapter.deliver(stored("ADP-JE-UNBALANCED-1", unbalanced)))
                .isInstanceOfSatisfying(HubException.class, e -> {
                    System.out.println("unbalanced: " + e.getMessage());
                    assertThat(e.category()).isEqualTo(ExceptionCategory.ERP_UNBALANCED_MOVE);
                });
    }

    @Test
    void anInvoiceForACustomerTrytonDoesNotKnowGoesToMasterData() {
        FinanceDocument invoice = shp9001Invoice();
        FinanceDocument stranger = new FinanceDocument(invoice.kind(), invoice.journalKind(), invoice.entity(),
                invoice.currency(), invoice.postingDate(), invoice.period(), false, "e-x", "acme-3pl",
                "shipment.confirmed", "SHP-X", "CUST-9999", "SO-X", invoice.net(), invoice.tax(), invoice.total(),
                invoice.invoiceLines(), invoice.journalLines());

        assertThatThrownBy(() -> adapter.deliver(stored("ADP-INV-UNKNOWN-1", stranger)))
                .isInstanceOfSatisfying(HubException.class, e -> {
                    assertThat(e.category()).isEqualTo(ExceptionCategory.ERP_UNKNOWN_PARTY);
                    assertThat(e.getMessage()).contains("CUST-9999");
                });
    }

    @Test
    void aNumberTrytonHoldsWithOtherAmountsIsAMismatchNotASuccess() {
        FinanceDocument landed = journalDocument("LANDED_COST", "US01", LocalDate.of(2026, 11, 27), "FRT-6001", null,
                line("1200", "75.00", null), line("2150", "-75.00", null));
        adapter.deliver(stored("ADP-JE-LC-1", landed));
        FinanceDocument other = journalDocument("LANDED_COST", "US01", LocalDate.of(2026, 11, 27), "FRT-6001", null,
                line("1200", "57.00", null), line("2150", "-57.00", null));

        assertThatThrownBy(() -> adapter.deliver(stored("ADP-JE-LC-1", other)))
                .isInstanceOfSatisfying(HubException.class, e -> {
                    System.out.println("mismatch: " + e.getMessage());
                    assertThat(e.category()).isEqualTo(ExceptionCategory.ERP_POSTED_MISMATCH);
                    assertThat(e.getMessage()).contains("75.00").contains("57.00");
                });
    }

    @Test
    void aNumberGivenBackByARolledBackPostingNeitherDoublesNorBlocks() {
        // Delivery inside the posting transaction: A posts in Tryton as ADP-JE-REUSE-1, the hub rolls back, B gets
        // that number, and A's next attempt gets ADP-JE-REUSE-2.
        FinanceDocument a = journalDocument("LANDED_COST", "US01", LocalDate.of(2026, 11, 27), "FRT-REUSE-A", null,
                line("1200", "20.00", null), line("2150", "-20.00", null));
        FinanceDocument b = journalDocument("LANDED_COST", "US01", LocalDate.of(2026, 11, 27), "FRT-REUSE-B", null,
                line("1200", "30.00", null), line("2150", "-30.00", null));

        String first = adapter.deliver(stored("ADP-JE-REUSE-1", a));
        String forB = adapter.deliver(stored("ADP-JE-REUSE-1", b));
        String again = adapter.deliver(stored("ADP-JE-REUSE-2", a));

        assertThat(forB).isNotEqualTo(first);
        assertThat(again).isEqualTo(first);
        assertThat(tryton.searchRead("account.move", List.of(List.of("description", "like", "%FRT-REUSE-%")),
                List.of("id"))).hasSize(2);
    }

    @Test
    void anInvoiceDatedBeforeTheLastNumberedTakesItsAccountingDateWithinTheMonthAndIsRefusedAcrossMonths() {
        // US02, December: this test's dates must not meet the November invoices of the other tests
        String latest = adapter.deliver(stored("ADP-INV-US02-1", us02Invoice(LocalDate.of(2026, 12, 10), "SHP-L1")));
        String late = adapter.deliver(stored("ADP-INV-US02-2", us02Invoice(LocalDate.of(2026, 12, 5), "SHP-L2")));

        JsonNode posted = tryton.searchRead("account.invoice", List.of(List.of("reference", "=", "ADP-INV-US02-2")),
                List.of("id", "state", "invoice_date", "accounting_date", "total_amount")).get(0);
        assertThat(late).isNotEqualTo(latest).isEqualTo("account.invoice," + posted.get("id").asLong());
        assertThat(TrytonJson.date(posted.get("invoice_date"))).isEqualTo(LocalDate.of(2026, 12, 5));
        assertThat(TrytonJson.date(posted.get("accounting_date"))).isEqualTo(LocalDate.of(2026, 12, 10));
        assertThat(TrytonJson.decimal(posted.get("total_amount"))).isEqualByComparingTo("604.80");

        assertThatThrownBy(() -> adapter.deliver(stored("ADP-INV-US02-3", us02Invoice(LocalDate.of(2026, 11, 20),
                "SHP-L3"))))
                .isInstanceOfSatisfying(HubException.class, e -> {
                    System.out.println("invoice out of date order: " + e.getMessage());
                    assertThat(e.category()).isEqualTo(ExceptionCategory.ERP_REJECTED);
                    assertThat(e.getMessage()).contains("accounting date");
                });
    }

    /** SO-50004: 120 MUG-RED at 4.80 to CUST-1002 (VA STD 5%) in US02. */
    private static FinanceDocument us02Invoice(LocalDate date, String source) {
        return new FinanceDocument(DocumentKind.INVOICE, "AR_INVOICE", "US02", "USD", date,
                YearMonth.from(date).toString(), false, "e-" + source, "wh-west", "shipment.confirmed", source,
                "CUST-1002", "SO-50004", money("576.00"), money("28.80"), money("604.80"),
                List.of(new InvoiceLine(1, "MUG-RED", new BigDecimal("120"), "EA", new BigDecimal("4.80"),
                        money("576.00"), new BigDecimal("0.05"), money("28.80"), 1)),
                journal(line("1100", "604.80", null), line("4000", "-576.00", "MUG-RED"), line("2200", "-28.80", null)));
    }

    // ---- the demo documents

    private static FinanceDocument shp9001Invoice() {
        return new FinanceDocument(DocumentKind.INVOICE, "AR_INVOICE", "US01", "USD", NOV_26, "2026-11", false,
                "e-shp", "acme-3pl", "shipment.confirmed", "SHP-9001", "CUST-1001", "SO-50001",
                money("410.20"), money("32.82"), money("443.02"),
                List.of(new InvoiceLine(1, "MUG-RED", new BigDecimal("36"), "EA", new BigDecimal("4.95"),
                                money("178.20"), new BigDecimal("0.08"), money("14.26"), 1),
                        new InvoiceLine(2, "KETTLE-1L", new BigDecimal("8"), "EA", new BigDecimal("29.00"),
                                money("232.00"), new BigDecimal("0.08"), money("18.56"), 2)),
                journal(line("1100", "443.02", null), line("4000", "-178.20", "MUG-RED"),
                        line("4000", "-232.00", "KETTLE-1L"), line("2200", "-32.82", null)));
    }

    private static FinanceDocument journalDocument(String kind, String entity, LocalDate date, String source,
                                                   String counterparty, JournalLine... lines) {
        return new FinanceDocument(DocumentKind.JOURNAL, kind, entity, "USD", date, YearMonth.from(date).toString(),
                false, "e-" + source, "acme-3pl", "test", source, counterparty, null, null, null, null, List.of(),
                journal(lines));
    }

    private static JournalLine line(String account, String signed, String sku) {
        BigDecimal amount = money(signed);
        return new JournalLine(0, account, amount.signum() > 0 ? amount : money("0"),
                amount.signum() < 0 ? amount.negate() : money("0"), sku, sku == null ? "test" : "test " + sku);
    }

    private static List<JournalLine> journal(JournalLine... lines) {
        List<JournalLine> numbered = new ArrayList<>();
        for (JournalLine l : lines) {
            numbered.add(new JournalLine(numbered.size() + 1, l.account(), l.debit(), l.credit(), l.sku(), l.memo()));
        }
        return numbered;
    }

    private static StoredDocument stored(String number, FinanceDocument document) {
        return new StoredDocument(ids.incrementAndGet(), number, "STORED", null, Instant.now(), document);
    }

    private static BigDecimal money(String amount) {
        return new BigDecimal(amount).setScale(2);
    }

    // ---- reading Tryton

    private static List<JsonNode> invoiceByReference(String reference) {
        return tryton.searchRead("account.invoice", List.of(List.of("reference", "=", reference)),
                List.of("id", "state", "total_amount", "untaxed_amount", "tax_amount", "move"));
    }

    private static Map<String, BigDecimal> movedByAccount(long move) {
        Map<String, BigDecimal> byAccount = new java.util.TreeMap<>();
        for (JsonNode line : tryton.searchRead("account.move.line", List.of(List.of("move", "=", move)),
                List.of("account.code", "debit", "credit"))) {
            byAccount.merge(line.get("account.").get("code").asText(),
                    TrytonJson.decimal(line.get("debit")).subtract(TrytonJson.decimal(line.get("credit"))),
                    BigDecimal::add);
        }
        return byAccount;
    }

    private static long period(long company, LocalDate date) {
        return tryton.findOne("account.period", List.of(List.of("company", "=", company),
                List.of("start_date", "<=", date), List.of("end_date", ">=", date), List.of("type", "=", "standard")),
                List.of("id")).get("id").asLong();
    }

    private static long account(long company, String code) {
        return tryton.findOne("account.account", List.of(List.of("company", "=", company), List.of("code", "=", code)),
                List.of("id")).get("id").asLong();
    }
}
