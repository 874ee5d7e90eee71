package io.dock2ledger.operations;

import com.fasterxml.jackson.databind.JsonNode;
import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.operations.reconciliation.DailyReconciliation;
import io.dock2ledger.operations.reconciliation.Reconciler;
import io.dock2ledger.operations.reconciliation.ReconciliationReport;
import io.dock2ledger.operations.reconciliation.RunClaims;
import io.dock2ledger.support.DemoDayHubTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo day reconciles with no difference, through the API as JSON and CSV; a held-back event and a document posted
 * twice are named, raised once to their owners; the daily run reconciles a day on one instance only.
 * Runs in order: the demo days must be checked before the later tests add their forced differences.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReconciliationIT extends DemoDayHubTest {

    @Autowired
    Reconciler reconciler;

    @Autowired
    DailyReconciliation daily;

    @Test
    @Order(1)
    void theDemoDaysReconcileWithNoDifference() {
        // The days of the demo files (the other operations tests add their own events on later days).
        List<LocalDate> days = jdbc.queryForList("""
                select distinct business_date from canonical_event where source_document in
                ('SHP-9001','SHP-9002','RCV-3001','ADJ-4001','RMA-80001','TRF-1101','FRT-6001','DTY-6002') order by 1""",
                java.sql.Date.class).stream().map(java.sql.Date::toLocalDate).toList();
        assertThat(days).containsExactly(LocalDate.parse("2026-11-25"), LocalDate.parse("2026-11-26"),
                LocalDate.parse("2026-11-27"), LocalDate.parse("2026-11-29")); // 29th: TRF-1101 received in US02
        int events = 0;
        int documents = 0;
        for (LocalDate day : days) {
            for (String entity : List.of("US01", "US02")) {
                ReconciliationReport report = reconciler.reconcile(entity, day);
                assertThat(report.differences()).as(entity + " " + day).isEmpty();
                events += report.events();
                documents += report.documents();
            }
        }
        assertThat(documents).isEqualTo(DEMO_DOCUMENTS);
        // SHP-9001, SHP-9002, RCV-3001, ADJ-4001, RMA-80001, FRT-6001, DTY-6002 and the two legs of TRF-1101
        assertThat(events).isEqualTo(9);

        JsonNode day = api("/api/v1/reconciliation?entity=US01&date=2026-11-26");
        assertThat(day.path("differences")).isEmpty();
        assertThat(day.path("rows").findValuesAsText("result")).isNotEmpty().allMatch("OK"::equals);
        assertThat(day.path("rows").findValuesAsText("sourceDocument")).contains("SHP-9001", "SHP-9002", "ADJ-4001");
        // line by line: each shipped SKU against its invoice line, each document against its ERP interface rows
        assertThat(day.path("rows").findValuesAsText("sku")).contains("MUG-RED", "KETTLE-1L", "TEA-EARL", "MUG-BLU");
        assertThat(day.path("rows").findValuesAsText("side")).contains("EVENT_LINE", "DOCUMENT");

        HttpResponse<String> csv = get("/api/v1/reconciliation?entity=US01&date=2026-11-26", "viewer", "dev-viewer",
                "Accept", "text/csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(csv.body()).startsWith("entity,business_date,side,result,");
        assertThat(csv.body().lines().skip(1)).isNotEmpty().allMatch(line -> line.contains(",OK,"));
        assertThat(csv.body()).contains("SHP-9001").contains("MUG-RED");
        assertThat(get("/api/v1/reconciliation?entity=US01&date=2026-11-26&format=csv", "viewer", "dev-viewer").body())
                .isEqualTo(csv.body());
    }

    @Test
    @Order(2)
    void aHeldBackEventIsAMissingPostingRaisedOnceToItsOwner() {
        // An accepted event that was stored and never posted: SHP-9001's payload under another document id, another day.
        String payload = jdbc.queryForObject("select p.payload from canonical_event e "
                + CanonicalEventStore.WITH_PAYLOAD + " where e.source_document = 'SHP-9001'", String.class)
                .replace("SHP-9001", "SHP-HELD1").replace("2026-11-26", "2026-11-28");
        jdbc.update("""
                insert into canonical_event (event_id, event_type, schema_version, partner, document_type, source_document,
                    channel, business_date, received_at, status)
                values ('held-back-1', 'shipment.confirmed', '1.0', 'acme-3pl', 'shipment-csv', 'SHP-HELD1', 'file',
                    date '2026-11-28', ?, 'ACCEPTED')""", Timestamp.from(Instant.now()));
        jdbc.update("insert into canonical_event_payload (seq, payload) select seq, ? from canonical_event"
                + " where event_id = 'held-back-1'", payload);

        JsonNode report = api("/api/v1/reconciliation?entity=US01&date=2026-11-28");
        assertThat(report.path("differences")).hasSize(1);
        JsonNode difference = report.path("differences").path(0);
        assertThat(difference.path("result").asText()).isEqualTo("MISSING_POSTING");
        assertThat(difference.path("sourceDocument").asText()).isEqualTo("SHP-HELD1");
        assertThat(difference.path("eventId").asText()).isEqualTo("held-back-1");
        assertThat(difference.path("detail").asText()).contains("stored but not posted");
        assertThat(count("select count(*) from hub_exception where source_document = 'SHP-HELD1'"))
                .as("GET raises nothing").isZero();

        HttpResponse<String> run = post("/api/v1/reconciliation/runs?entity=US01&date=2026-11-28", "operator",
                "dev-operator", "application/json", "");
        assertThat(run.statusCode()).isEqualTo(200);
        assertThat(json(run.body()).path("raised").asInt()).isEqualTo(1);
        Map<String, Object> exception = jdbc.queryForMap(
                "select category, owner, status, event_id from hub_exception where source_document = 'SHP-HELD1'");
        assertThat(exception).containsEntry("category", "MISSING_POSTING").containsEntry("owner", "operations")
                .containsEntry("status", "OPEN").containsEntry("event_id", "held-back-1");

        assertThat(daily.runNow("US01", LocalDate.parse("2026-11-28")).raised()).as("already open").isZero();
        assertThat(count("select count(*) from hub_exception where source_document = 'SHP-HELD1'")).isEqualTo(1);
        assertThat(post("/api/v1/reconciliation/runs?entity=US01&date=2026-11-28", "viewer", "dev-viewer",
                "application/json", "").statusCode()).isEqualTo(403);
    }

    @Test
    @Order(3)
    void aDocumentPostedTwiceIsNamedWithBothNumbers() {
        // Forced in the database: a second AR invoice for SHP-9002, as a broken idempotency check would have posted it.
        Long original = jdbc.queryForObject("""
                select id from finance_document where source_document = 'SHP-9002' and journal_kind = 'AR_INVOICE'""",
                Long.class);
        jdbc.update("""
                insert into finance_document (id, document_number, kind, journal_kind, entity, currency, posting_date, period,
                    period_adjusted, event_id, source_partner, source_event_type, source_document, counterparty, order_ref,
                    net, tax, total, total_debit, total_credit, status, erp_reference, created_at)
                select (select max(id) + 1000000 from finance_document), 'INV-US01-TWICE', kind, journal_kind, entity, currency, posting_date, period, period_adjusted,
                    event_id, source_partner, source_event_type, source_document, counterparty, order_ref, net, tax, total,
                    total_debit, total_credit, status, erp_reference, created_at
                from finance_document where id = ?""", original);
        Long copy = jdbc.queryForObject("select id from finance_document where document_number = 'INV-US01-TWICE'",
                Long.class);
        jdbc.update("""
                insert into finance_document_line (document_id, line_type, line_no, account, sku, quantity, uom, unit_price,
                    net, tax_rate, tax, debit, credit, order_line_no, memo)
                select ?, line_type, line_no, account, sku, quantity, uom, unit_price, net, tax_rate, tax, debit, credit,
                    order_line_no, memo from finance_document_line where document_id = ?""", copy, original);

        ReconciliationReport report = reconciler.reconcile("US01", LocalDate.parse("2026-11-26"));
        assertThat(report.differences()).extracting(r -> r.result() + " " + r.sourceDocument() + " " + r.documentNumber())
                .contains("POSTED_TWICE SHP-9002 INV-US01-TWICE");
        assertThat(report.differences()).filteredOn(r -> r.result().equals("POSTED_TWICE")).singleElement()
                .satisfies(r -> assertThat(r.detail()).contains("INV-US01-TWICE").contains("2 AR_INVOICE documents"));
        // The copy never reached the ERP (it has no interface rows of its own): named as well.
        assertThat(report.differences()).extracting(r -> r.result() + " " + r.documentNumber())
                .contains("NOT_CONFIRMED_BY_ERP INV-US01-TWICE");
        assertThat(report.differenceCount()).containsEntry("POSTED_TWICE", 1);

        daily.runNow("US01", LocalDate.parse("2026-11-26"));
        assertThat(jdbc.queryForObject("""
                select owner from hub_exception where category = 'POSTED_TWICE' and source_document = 'SHP-9002'""",
                String.class)).isEqualTo("finance");
    }

    @Test
    @Order(4)
    void anAmountTheErpReceivedDifferentlyIsAnAmountMismatch() {
        jdbc.update("""
                update erp_if_journal_line set debit = debit + 1 where line_no = 1 and header_id =
                (select id from erp_if_journal_header where source_document = 'RCV-3001')""");
        ReconciliationReport report = reconciler.reconcile("US01", LocalDate.parse("2026-11-25"));
        assertThat(report.differences()).extracting(r -> r.result() + " " + r.sourceDocument())
                .containsExactly("AMOUNT_MISMATCH RCV-3001");
        assertThat(report.differences().get(0).hubAmount().add(java.math.BigDecimal.ONE))
                .isEqualByComparingTo(report.differences().get(0).erpAmount());
    }

    @Test
    @Order(5)
    void theDailyRunReconcilesADayOnOneInstanceOnly() {
        LocalDate day = LocalDate.parse("2026-11-24");
        List<DailyReconciliation.EntityRun> first = daily.run(day);
        assertThat(first).extracting(DailyReconciliation.EntityRun::entity).containsExactly("US01", "US02");
        assertThat(first).allMatch(DailyReconciliation.EntityRun::ranHere);
        assertThat(daily.run(day)).noneMatch(DailyReconciliation.EntityRun::ranHere);

        // A second instance sharing the database finds the day claimed; it takes over only a claim whose lease ran out.
        RunClaims other = new RunClaims(jdbc, Clock.systemUTC(), "other-hub:1");
        assertThat(other.claim(DailyReconciliation.JOB, "US01:2026-11-24", Duration.ofHours(1))).isFalse();
        jdbc.update("""
                insert into operations_run_claim (job, run_key, claimed_by, claimed_at, status)
                values ('reconciliation', 'US01:2026-11-23', 'dead-hub:9', ?, 'RUNNING')""",
                Timestamp.from(Instant.now().minus(Duration.ofHours(2))));
        assertThat(other.claim(DailyReconciliation.JOB, "US01:2026-11-23", Duration.ofHours(3))).isFalse();
        assertThat(count("select count(*) from operations_run_claim where run_key = 'US01:2026-11-23'")).isEqualTo(1);
        assertThat(other.claim(DailyReconciliation.JOB, "US01:2026-11-23", Duration.ofHours(1))).isTrue();
        assertThat(jdbc.queryForObject("select claimed_by from operations_run_claim where run_key = 'US01:2026-11-23'",
                String.class)).isEqualTo("other-hub:1");
        assertThat(jdbc.queryForObject("select status from operations_run_claim where run_key = 'US01:2026-11-24'",
                String.class)).isEqualTo("DONE");
    }
}
