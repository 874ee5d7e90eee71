package io.dock2ledger.posting;

import com.fasterxml.jackson.databind.JsonNode;
import io.dock2ledger.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The walking skeleton end to end: acme-3pl drops shipments_SHP-9001.csv into its inbox and the hub posts the AR
 * invoice and the COGS journal of expected.json, through the partner folder, mapping, enrichment, the Artemis
 * queue, the idempotency ledger, the posting rules and the interface-table adapter.
 */
class ShipmentFileToInvoiceIT extends HubIntegrationTest {

    private static final Duration POSTED_WITHIN = Duration.ofSeconds(60);

    @Test
    void shipmentFilePostsTheInvoiceAndCogsOfTheDemo() {
        postShp9001();

        JsonNode docs = api("/api/v1/documents?source=SHP-9001");
        assertThat(docs).hasSize(2);
        JsonNode invoice = docs.get(0);
        assertThat(invoice.get("kind").asText()).isEqualTo("INVOICE");
        assertThat(invoice.get("journalKind").asText()).isEqualTo("AR_INVOICE");
        assertThat(invoice.get("entity").asText()).isEqualTo("US01");
        assertThat(invoice.get("postingDate").asText()).isEqualTo("2026-11-26");
        assertThat(invoice.get("counterparty").asText()).isEqualTo("CUST-1001");
        assertThat(invoice.get("orderRef").asText()).isEqualTo("SO-50001");
        assertThat(invoice.get("net").asText()).isEqualTo("410.20");
        assertThat(invoice.get("tax").asText()).isEqualTo("32.82");
        assertThat(invoice.get("total").asText()).isEqualTo("443.02");
        assertThat(invoice.get("status").asText()).isEqualTo("POSTED");
        // The default target, the interface tables, is written in the posting transaction: CONFIRMED with it.
        assertThat(invoice.at("/delivery/status").asText()).isEqualTo("CONFIRMED");
        assertThat(invoice.at("/delivery/target").asText()).isEqualTo("interface-tables");
        assertThat(invoice.at("/delivery/erpDocumentId").asText()).isEqualTo("IF:" + invoice.get("documentNumber").asText());
        JsonNode lines = invoice.get("invoiceLines");
        assertThat(lines).hasSize(2);
        assertLine(lines.get(0), "MUG-RED", "36", "EA", "4.95", "178.20", "14.26");
        assertLine(lines.get(1), "KETTLE-1L", "8", "EA", "29.00", "232.00", "18.56");
        assertThat(byAccount(invoice)).isEqualTo(Map.of(
                "1100", new BigDecimal("443.02"), "4000", new BigDecimal("-410.20"), "2200", new BigDecimal("-32.82")));

        JsonNode cogs = docs.get(1);
        assertThat(cogs.get("kind").asText()).isEqualTo("JOURNAL");
        assertThat(cogs.get("journalKind").asText()).isEqualTo("COGS");
        assertThat(byAccount(cogs)).isEqualTo(Map.of("5000", new BigDecimal("204.40"), "1200", new BigDecimal("-204.40")));

        // The default finance adapter wrote the ERP interface tables, once, ready for the ERP's import job.
        assertThat(jdbc.queryForObject(
                "select total_amount from erp_if_invoice_header where source_document = 'SHP-9001'", BigDecimal.class))
                .isEqualByComparingTo("443.02");
        assertThat(count("select count(*) from erp_if_journal_header where source_document = 'SHP-9001'")).isEqualTo(2);
        assertThat(count("select count(*) from erp_if_invoice_line l join erp_if_invoice_header h on h.id = l.header_id "
                + "where h.source_document = 'SHP-9001'")).isEqualTo(2);

        // The event's audit trail shows every stage, and it links to its documents.
        String eventId = invoice.get("eventId").asText();
        JsonNode event = api("/api/v1/events/" + eventId);
        assertThat(event.at("/event/source/documentId").asText()).isEqualTo("SHP-9001");
        assertThat(event.at("/event/lines/0/baseQuantity").asText()).isEqualTo("36");
        assertThat(event.get("audit").findValues("stage").stream().map(JsonNode::asText))
                .startsWith("RECEIVED", "MAPPED", "VALIDATED", "POSTED");
        assertThat(event.get("documents")).hasSize(2);
    }

    @Test
    void duplicateFileAndRenamedCopyArePostedOnce() {
        String eventId = postShp9001();
        int duplicatesBefore = duplicates(eventId);

        drop("acme-3pl", demoFile("acme-3pl", "shipments_SHP-9001.csv"), "shipments_SHP-9001.csv");
        await().atMost(POSTED_WITHIN).until(() -> duplicates(eventId) == duplicatesBefore + 1);
        drop("acme-3pl", demoFile("acme-3pl", "shipments_SHP-9001.csv"), "shipments_SHP-9001-resent-copy.csv");
        await().atMost(POSTED_WITHIN).until(() -> duplicates(eventId) == duplicatesBefore + 2);

        assertThat(api("/api/v1/documents?source=SHP-9001")).hasSize(2);
        assertThat(count("select count(*) from posting_ledger where document_id = 'SHP-9001'")).isEqualTo(1);
        assertThat(count("select count(*) from erp_if_invoice_header where source_document = 'SHP-9001'")).isEqualTo(1);
    }

    @Test
    void changedResendIsAPossibleCorrectionNotASecondPosting() {
        // Its own shipment, so that other tests sharing this hub still see one event per demo document.
        String header = "shipment_id,order_id,ship_date,ship_from,ship_to_customer,line_no,item,qty,uom,lot,carrier,tracking\n";
        drop("acme-3pl", "shipments_SHP-COR1.csv", header
                + "SHP-COR1,SO-50003,2026-11-26T08:00:00-05:00,NJ1,CUST-1003,1,ACM-0330,1,CA,,UPSN,1Z5\n");
        await().atMost(POSTED_WITHIN).until(() -> api("/api/v1/documents?source=SHP-COR1").size() == 2);

        drop("acme-3pl", "shipments_SHP-COR1-corrected.csv", header
                + "SHP-COR1,SO-50003,2026-11-26T08:00:00-05:00,NJ1,CUST-1003,1,ACM-0330,2,CA,,UPSN,1Z5\n");

        await().atMost(POSTED_WITHIN).until(() -> count(
                "select count(*) from hub_exception where category = 'POSSIBLE_CORRECTION' and source_document = 'SHP-COR1'") == 1);
        Map<String, Object> exception = jdbc.queryForMap(
                "select owner, reason, payload_ref from hub_exception where category = 'POSSIBLE_CORRECTION' and source_document = 'SHP-COR1'");
        assertThat(exception.get("owner")).isEqualTo("finance");
        assertThat((String) exception.get("reason")).contains("different content").contains("Nothing was posted");
        assertThat((String) exception.get("payload_ref")).contains("posted:event:");
        assertThat(api("/api/v1/documents?source=SHP-COR1")).hasSize(2);
        assertThat(count("select count(*) from canonical_event where source_document = 'SHP-COR1'"))
                .as("both versions are kept").isEqualTo(2);
    }

    /** Drops the demo file (again, if another test did already) and waits until SHP-9001 is posted; its event id. */
    private String postShp9001() {
        drop("acme-3pl", demoFile("acme-3pl", "shipments_SHP-9001.csv"), "shipments_SHP-9001.csv");
        await().atMost(POSTED_WITHIN).until(() -> api("/api/v1/documents?source=SHP-9001").size() == 2);
        return api("/api/v1/documents?source=SHP-9001").get(0).get("eventId").asText();
    }

    private int duplicates(String eventId) {
        return count("select count(*) from event_audit where event_id = ? and stage = 'DUPLICATE'", eventId);
    }

    private static void assertLine(JsonNode line, String sku, String qty, String uom, String price, String net, String tax) {
        assertThat(line.get("sku").asText()).isEqualTo(sku);
        assertThat(new BigDecimal(line.get("quantity").asText())).isEqualByComparingTo(qty);
        assertThat(line.get("uom").asText()).isEqualTo(uom);
        assertThat(new BigDecimal(line.get("unitPrice").asText())).isEqualByComparingTo(price);
        assertThat(line.get("net").asText()).isEqualTo(net);
        assertThat(line.get("tax").asText()).isEqualTo(tax);
    }

    /** Journal lines as expected.json writes them: account -> signed amount (debit positive). */
    static Map<String, BigDecimal> byAccount(JsonNode document) {
        Map<String, BigDecimal> sums = new HashMap<>();
        for (JsonNode line : document.get("journalLines")) {
            BigDecimal signed = new BigDecimal(line.get("debit").asText()).subtract(new BigDecimal(line.get("credit").asText()));
            sums.merge(line.get("account").asText(), signed, BigDecimal::add);
        }
        sums.replaceAll((account, amount) -> amount.setScale(2));
        return sums;
    }
}
