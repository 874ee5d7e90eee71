package io.dock2ledger.benchmark;

import io.dock2ledger.faultinjection.Reconciliation.Outcome;
import io.dock2ledger.persistence.Databases;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's verdict must be able to fail: each outcome and each money fault planted in a real (H2) hub schema is
 * counted, so a run that reports CLEAN has looked at every shipment.
 */
class DocumentReconciliationTest {

    private final DataSource ds = Databases.freshH2();
    private final JdbcTemplate jdbc = new JdbcTemplate(ds);
    private long ids;

    @Test
    void everyShipmentOnceAndBalancedIsClean() throws Exception {
        for (int i = 1; i <= 3; i++) {
            posted(DocumentReconciliation.shipmentId("M0001", i), "410.20");
        }
        posted(DocumentReconciliation.shipmentId("O00001", 1), "410.20");

        DocumentReconciliation.Result r = reconcile(Map.of("M0001", 3, "O00001", 1));

        assertThat(r.count(Outcome.POSTED)).isEqualTo(4);
        assertThat(r.expected()).isEqualTo(4);
        assertThat(r.invoiceAmounts()).containsExactly(Map.entry("net 410.20 tax 0.00 total 410.20", 4L));
        assertThat(r.clean()).as(r.summary()).isTrue();
        assertThat(r.summary()).endsWith("CLEAN");
    }

    @Test
    void everyOutcomeIsCountedAndShown() throws Exception {
        posted("SHP-M0001-00001", "410.20");
        // Doubled: a second interface invoice for the same shipment.
        posted("SHP-M0001-00002", "410.20");
        invoice("SHP-M0001-00002", "INV-again", "410.20");
        // An exception explains the third; the fourth stopped after validation with none (lost); the fifth was never
        // seen at all (lost, no trace); the sixth has its ledger row only (unexplained).
        event("SHP-M0001-00003");
        jdbc.update("""
                insert into hub_exception (category, owner, status, partner, source_document, event_id, reason, created_at)
                values ('MASTER_DATA', 'ops', 'OPEN', 'acme-3pl', 'SHP-M0001-00003', 'ev', 'unknown item', current_timestamp)""");
        event("SHP-M0001-00004");
        event("SHP-M0001-00006");
        jdbc.update("insert into posting_ledger values ('acme-3pl', 'SHIPMENT_CONFIRMED', 'SHP-M0001-00006', 'f', 'ev', current_timestamp)");
        // Posted, but not dropped by the run: foreign (as is an id of the right batch but written otherwise).
        posted("SHP-M0002-00001", "410.20");
        posted("SHP-M0001-1", "410.20");

        DocumentReconciliation.Result r = reconcile(Map.of("M0001", 6));

        assertThat(r.counts()).containsExactlyInAnyOrderEntriesOf(Map.of(Outcome.POSTED, 1L, Outcome.DOUBLED, 1L,
                Outcome.EXCEPTION, 1L, Outcome.LOST, 2L, Outcome.INCOMPLETE, 1L));
        assertThat(r.foreign()).isEqualTo(2);
        assertThat(r.examples()).contains("SHP-M0001-00005 (LOST, no trace)", "SHP-M0001-00004 (LOST)",
                "SHP-M0001-00002 (DOUBLED)", "SHP-M0002-00001 (foreign)");
        assertThat(r.clean()).isFalse();
        assertThat(r.summary()).contains("NOT CLEAN");
    }

    @Test
    void moneyThatDoesNotAddUpIsNotClean() throws Exception {
        posted("SHP-M0001-00001", "410.20");
        posted("SHP-M0001-00002", "178.20");
        DocumentReconciliation.Result twoAmounts = reconcile(Map.of("M0001", 2));
        assertThat(twoAmounts.invoiceAmounts()).hasSize(2);
        assertThat(twoAmounts.clean()).isFalse();

        jdbc.update("update erp_if_invoice_header set net_amount = 178.20, total_amount = 178.20");
        assertThat(reconcile(Map.of("M0001", 2)).invoicesOffTheirLines()).isEqualTo(1);

        jdbc.update("update erp_if_journal_line set credit = 1.00 where line_no = 2 and header_id = (select min(header_id) from erp_if_journal_line)");
        jdbc.update("update finance_document_line set debit = 2.00 where line_no = 1 and document_id = (select min(document_id) from finance_document_line)");
        DocumentReconciliation.Result unbalanced = reconcile(Map.of("M0001", 2));
        assertThat(unbalanced.unbalancedJournals()).isEqualTo(1);
        assertThat(unbalanced.unbalancedFinanceDocuments()).isEqualTo(1);
        assertThat(unbalanced.count(Outcome.POSTED)).isEqualTo(2);
        assertThat(unbalanced.clean()).isFalse();
    }

    @Test
    void idsAreTheRunsOwnOnly() {
        Map<String, Integer> batches = Map.of("M0001", 3);
        assertThat(DocumentReconciliation.expectedNumber("SHP-M0001-00003", batches)).isEqualTo(3);
        assertThat(DocumentReconciliation.expectedNumber("SHP-M0001-00004", batches)).isEqualTo(-1);
        assertThat(DocumentReconciliation.expectedNumber("SHP-M0001-00000", batches)).isEqualTo(-1);
        assertThat(DocumentReconciliation.expectedNumber("SHP-M0001-3", batches)).isEqualTo(-1);
        assertThat(DocumentReconciliation.expectedNumber("SHP-M0001-x", batches)).isEqualTo(-1);
        assertThat(DocumentReconciliation.expectedNumber("PO-M0001-00001", batches)).isEqualTo(-1);
        assertThat(DocumentReconciliation.expectedNumber("SHP-", batches)).isEqualTo(-1);
        assertThat(DocumentReconciliation.expectedNumber(null, batches)).isEqualTo(-1);
        // Beyond 5 digits the id just grows (a million-line file holds 500,000 shipments).
        assertThat(DocumentReconciliation.expectedNumber("SHP-M0001-500000", Map.of("M0001", 500_000)))
                .isEqualTo(500_000);
    }

    private DocumentReconciliation.Result reconcile(Map<String, Integer> batches) throws Exception {
        try (Connection db = ds.getConnection()) {
            return DocumentReconciliation.of(db, batches);
        }
    }

    /** What the hub writes for one posted shipment, with lines that add up: ledger, invoice and COGS journal. */
    private void posted(String shipment, String amount) {
        event(shipment);
        jdbc.update("insert into posting_ledger values ('acme-3pl', 'SHIPMENT_CONFIRMED', ?, 'f', 'ev', current_timestamp)",
                shipment);
        financeDocument(shipment, "INVOICE", "AR_INVOICE", amount);
        financeDocument(shipment, "JOURNAL", "COGS", "100.00");
        invoice(shipment, "INV-" + shipment, amount);
        journal(shipment, "INV-" + shipment, amount);
        journal(shipment, "JNL-" + shipment, "100.00");
    }

    private void event(String shipment) {
        jdbc.update("""
                insert into canonical_event (event_id, event_type, schema_version, partner, source_document, received_at,
                    status) values (?, 'SHIPMENT_CONFIRMED', '1', 'acme-3pl', ?, current_timestamp, 'ACCEPTED')""",
                "ev-" + (++ids), shipment);
    }

    private void financeDocument(String shipment, String kind, String journalKind, String amount) {
        long id = ++ids;
        jdbc.update("""
                insert into finance_document (id, document_number, kind, journal_kind, entity, currency, posting_date,
                    period, period_adjusted, event_id, source_partner, source_event_type, source_document, total_debit,
                    total_credit, status, created_at)
                values (?, ?, ?, ?, 'US01', 'USD', current_date, '2026-11', false, 'ev', 'acme-3pl', 'SHIPMENT_CONFIRMED', ?,
                    ?, ?, 'DELIVERED', current_timestamp)""", id, "FD-" + id, kind, journalKind, shipment,
                new java.math.BigDecimal(amount), new java.math.BigDecimal(amount));
        jdbc.update("insert into finance_document_line (document_id, line_type, line_no, account, debit, credit) values (?, 'GL', 1, '1200', ?, 0)",
                id, new java.math.BigDecimal(amount));
        jdbc.update("insert into finance_document_line (document_id, line_type, line_no, account, debit, credit) values (?, 'GL', 2, '4000', 0, ?)",
                id, new java.math.BigDecimal(amount));
    }

    private void invoice(String shipment, String number, String amount) {
        long id = ++ids;
        jdbc.update("""
                insert into erp_if_invoice_header (id, document_number, doc_type, entity, customer, currency, invoice_date,
                    source_document, net_amount, tax_amount, total_amount, import_status, created_at)
                values (?, ?, 'INVOICE', 'US01', 'CUST-1001', 'USD', current_date, ?, ?, 0, ?, 'NEW', current_timestamp)""",
                id, number, shipment, new java.math.BigDecimal(amount), new java.math.BigDecimal(amount));
        jdbc.update("""
                insert into erp_if_invoice_line (header_id, line_no, sku, quantity, uom, unit_price, net_amount, tax_rate,
                    tax_amount) values (?, 1, 'MUG-RED', 1, 'EA', ?, ?, 0, 0)""",
                id, new java.math.BigDecimal(amount), new java.math.BigDecimal(amount));
    }

    private void journal(String shipment, String number, String amount) {
        long id = ++ids;
        jdbc.update("""
                insert into erp_if_journal_header (id, document_number, journal_kind, entity, currency, posting_date, period,
                    source_document, import_status, created_at)
                values (?, ?, 'COGS', 'US01', 'USD', current_date, '2026-11', ?, 'NEW', current_timestamp)""",
                id, number, shipment);
        jdbc.update("insert into erp_if_journal_line (header_id, line_no, account, debit, credit) values (?, 1, '5000', ?, 0)",
                id, new java.math.BigDecimal(amount));
        jdbc.update("insert into erp_if_journal_line (header_id, line_no, account, debit, credit) values (?, 2, '1400', 0, ?)",
                id, new java.math.BigDecimal(amount));
    }
}
