package io.dock2ledger.faultinjection;

import io.dock2ledger.persistence.Databases;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault-injection verdict must be able to fail: each outcome planted in a real (H2) hub schema is recognised,
 * so a scenario that reports "0 lost, 0 doubled" has looked. Runs with the unit tests (mvn test), in milliseconds.
 */
class ReconciliationTest {

    private final DataSource ds = Databases.freshH2();
    private final JdbcTemplate jdbc = new JdbcTemplate(ds);

    @Test
    void everyOutcomeIsRecognisedDocumentByDocument() throws Exception {
        posted("SHP-POSTED");
        event("SHP-EXCEPTION", "VALIDATED");
        jdbc.update("""
                insert into hub_exception (category, owner, status, partner, source_document, event_id, reason, created_at)
                values ('MASTER_DATA', 'ops', 'OPEN', 'acme-3pl', 'SHP-EXCEPTION', 'ev-SHP-EXCEPTION', 'unknown item', current_timestamp)""");
        event("SHP-LOST", "VALIDATED");
        posted("SHP-DOUBLED");
        invoiceHeader("SHP-DOUBLED", "INV-SHP-DOUBLED-again");
        event("SHP-INCOMPLETE", "VALIDATED");
        jdbc.update("insert into posting_ledger values ('acme-3pl', 'SHIPMENT_CONFIRMED', 'SHP-INCOMPLETE', 'f', 'ev-SHP-INCOMPLETE', current_timestamp)");
        posted("SHP-NOT-IN-INPUT");

        Reconciliation r;
        try (Connection db = ds.getConnection()) {
            r = Reconciliation.of("unit", db, List.of("SHP-POSTED", "SHP-EXCEPTION", "SHP-LOST", "SHP-DOUBLED",
                    "SHP-INCOMPLETE", "SHP-NEVER-SEEN"));
        }

        Map<String, Reconciliation.Outcome> outcomes = r.documents.stream()
                .collect(Collectors.toMap(Reconciliation.Document::shipmentId, Reconciliation.Document::outcome));
        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of(
                "SHP-POSTED", Reconciliation.Outcome.POSTED,
                "SHP-EXCEPTION", Reconciliation.Outcome.EXCEPTION,
                "SHP-LOST", Reconciliation.Outcome.LOST,
                "SHP-DOUBLED", Reconciliation.Outcome.DOUBLED,
                "SHP-INCOMPLETE", Reconciliation.Outcome.INCOMPLETE,
                "SHP-NEVER-SEEN", Reconciliation.Outcome.LOST));
        assertThat(r.foreignPostings).containsExactly("SHP-NOT-IN-INPUT");
        assertThat(r.lossPatterns()).containsEntry("LOST: event ACCEPTED, audit ends at VALIDATED", 1)
                .containsEntry("LOST: no canonical event", 1);
        assertThat(r.clean()).isFalse();
        assertThat(r.table()).contains("NOT CLEAN");
    }

    @Test
    void allPostedOnceIsClean() throws Exception {
        posted("SHP-A");
        posted("SHP-B");
        Reconciliation r;
        try (Connection db = ds.getConnection()) {
            r = Reconciliation.of("unit", db, List.of("SHP-A", "SHP-B"));
        }
        assertThat(r.clean()).isTrue();
        assertThat(r.counts.get(Reconciliation.Outcome.POSTED)).isEqualTo(2);
    }

    /** What the hub writes for one posted shipment: ledger row, AR invoice and COGS journal, interface rows. */
    private void posted(String shipment) {
        event(shipment, "POSTED");
        jdbc.update("insert into posting_ledger values ('acme-3pl', 'SHIPMENT_CONFIRMED', ?, 'f', ?, current_timestamp)",
                shipment, "ev-" + shipment);
        financeDocument(shipment, "INV-" + shipment, "INVOICE", "AR_INVOICE");
        financeDocument(shipment, "JNL-" + shipment, "JOURNAL", "COGS");
        invoiceHeader(shipment, "INV-" + shipment);
        journalHeader(shipment, "INV-" + shipment);
        journalHeader(shipment, "JNL-" + shipment);
    }

    private void event(String shipment, String lastStage) {
        jdbc.update("""
                insert into canonical_event (event_id, event_type, schema_version, partner, source_document, received_at,
                    accepted_at, status)
                values (?, 'SHIPMENT_CONFIRMED', '1', 'acme-3pl', ?, current_timestamp, current_timestamp, 'ACCEPTED')""",
                "ev-" + shipment, shipment);
        // As intake stores an event: RECEIVED, MAPPED and VALIDATED are its own row (accepted_at), not audit rows.
        if (!"VALIDATED".equals(lastStage)) {
            jdbc.update("insert into event_audit (event_id, stage, at) values (?, ?, current_timestamp)", "ev-" + shipment, lastStage);
        }
    }

    private void financeDocument(String shipment, String number, String kind, String journalKind) {
        jdbc.update("""
                insert into finance_document (id, document_number, kind, journal_kind, entity, currency, posting_date,
                    period, period_adjusted, event_id, source_partner, source_event_type, source_document, total_debit,
                    total_credit, status, created_at)
                values ((select coalesce(max(id), 0) + 1 from finance_document), ?, ?, ?, 'US01', 'USD', current_date, '2026-11', false, ?, 'acme-3pl', 'SHIPMENT_CONFIRMED', ?,
                    1, 1, 'DELIVERED', current_timestamp)""", number, kind, journalKind, "ev-" + shipment, shipment);
    }

    private void invoiceHeader(String shipment, String number) {
        jdbc.update("""
                insert into erp_if_invoice_header (id, document_number, doc_type, entity, customer, currency,
                    invoice_date, source_document, net_amount, tax_amount, total_amount, import_status, created_at)
                values ((select coalesce(max(id), 0) + 1 from erp_if_invoice_header), ?, 'INVOICE', 'US01', 'CUST-1001',
                    'USD', current_date, ?, 1, 0, 1, 'NEW', current_timestamp)""",
                number, shipment);
    }

    private void journalHeader(String shipment, String number) {
        jdbc.update("""
                insert into erp_if_journal_header (id, document_number, journal_kind, entity, currency, posting_date,
                    period, source_document, import_status, created_at)
                values ((select coalesce(max(id), 0) + 1 from erp_if_journal_header), ?, 'COGS', 'US01', 'USD',
                    current_date, '2026-11', ?, 'NEW', current_timestamp)""", number, shipment);
    }
}
