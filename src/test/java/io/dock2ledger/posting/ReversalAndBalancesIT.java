package io.dock2ledger.posting;

import com.fasterxml.jackson.databind.JsonNode;
import io.dock2ledger.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An operator reverses a posted invoice; balances show what shipped, was invoiced and is still open. */
class ReversalAndBalancesIT extends HubIntegrationTest {

    @Test
    void operatorReversesAPostedInvoiceWithAReasonAndBalancesFollow() {
        // Other tests share this hub and ship against SO-50003 too: balances are compared with what they were.
        JsonNode before = api("/api/v1/balances/orders/SO-50003").get(0);
        drop("acme-3pl", "shipments_SHP-REV1.csv", """
                shipment_id,order_id,ship_date,ship_from,ship_to_customer,line_no,item,qty,uom,lot,carrier,tracking
                SHP-REV1,SO-50003,2026-11-26T09:00:00-05:00,NJ1,CUST-1003,1,ACM-0330,1,CA,,UPSN,1Z3
                """);
        await().atMost(Duration.ofSeconds(60)).until(() -> api("/api/v1/documents?source=SHP-REV1").size() == 2);
        JsonNode invoice = api("/api/v1/documents?source=SHP-REV1").get(0);
        String number = invoice.get("documentNumber").asText();
        JsonNode line1 = api("/api/v1/balances/orders/SO-50003").get(0);
        assertThat(decimal(line1, "ordered")).isEqualByComparingTo("240");
        assertThat(decimal(line1, "shipped")).isEqualByComparingTo(decimal(before, "shipped").add(new BigDecimal("24")));
        assertThat(decimal(line1, "invoiced")).isEqualByComparingTo(decimal(before, "invoiced").add(new BigDecimal("24")));
        assertThat(decimal(line1, "open")).isEqualByComparingTo(decimal(before, "open").subtract(new BigDecimal("24")));

        assertThat(post("/api/v1/documents/" + number + "/reversal", "viewer", "dev-viewer",
                "{\"reason\":\"customer refused delivery\"}").statusCode()).isEqualTo(403);
        assertThat(post("/api/v1/documents/" + number + "/reversal", "operator", "dev-operator",
                "{\"reason\":\"\"}").statusCode()).isEqualTo(400);

        HttpResponse<String> reversed = post("/api/v1/documents/" + number + "/reversal", "operator", "dev-operator",
                "{\"reason\":\"customer refused delivery\"}");
        assertThat(reversed.statusCode()).isEqualTo(201);
        JsonNode reversal = json(reversed.body());
        assertThat(reversal.get("journalKind").asText()).isEqualTo("REVERSAL");
        assertThat(reversal.get("status").asText()).isEqualTo("POSTED");
        Map<String, BigDecimal> original = ShipmentFileToInvoiceIT.byAccount(invoice);
        Map<String, BigDecimal> mirror = ShipmentFileToInvoiceIT.byAccount(reversal);
        assertThat(mirror.keySet()).isEqualTo(original.keySet());
        original.forEach((account, amount) -> assertThat(mirror.get(account)).isEqualByComparingTo(amount.negate()));

        assertThat(jdbc.queryForMap("select reversed_by, reason, reversal_number from document_reversal where original_number = ?", number))
                .containsEntry("reversed_by", "operator")
                .containsEntry("reason", "customer refused delivery")
                .containsEntry("reversal_number", reversal.get("documentNumber").asText());
        assertThat(api("/api/v1/documents?source=SHP-REV1").get(0).get("status").asText()).isEqualTo("REVERSED");
        assertThat(api("/api/v1/events/" + invoice.get("eventId").asText()).get("audit").findValues("stage")
                .stream().map(JsonNode::asText)).contains("REVERSED");
        assertThat(count("select count(*) from erp_if_journal_header where document_number = ?",
                reversal.get("documentNumber").asText())).isEqualTo(1);

        assertThat(post("/api/v1/documents/" + number + "/reversal", "operator", "dev-operator",
                "{\"reason\":\"again\"}").statusCode()).isEqualTo(409);
        assertThat(post("/api/v1/documents/NO-SUCH-1/reversal", "operator", "dev-operator",
                "{\"reason\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(decimal(api("/api/v1/balances/orders/SO-50003").get(0), "invoiced"))
                .as("the reversed invoice no longer counts as invoiced").isEqualByComparingTo(decimal(before, "invoiced"));
    }

    @Test
    void balancesOfUnknownOrdersAreNotFound() {
        assertThat(get("/api/v1/balances/orders/SO-NOPE", "viewer", "dev-viewer").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/balances/rmas/RMA-80002", "viewer", "dev-viewer").statusCode()).isEqualTo(200);
        assertThat(decimal(api("/api/v1/balances/purchase-orders/PO-70003").get(0), "ordered")).isEqualByComparingTo("40");
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        return new BigDecimal(node.get(field).asText());
    }
}
