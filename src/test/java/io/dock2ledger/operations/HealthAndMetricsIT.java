package io.dock2ledger.operations;

import com.fasterxml.jackson.databind.JsonNode;
import io.dock2ledger.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Operations can see the hub: health with its broker and database, and the pipeline's metrics for Prometheus. */
class HealthAndMetricsIT extends HubIntegrationTest {

    @Test
    void healthIncludesTheBrokerAndTheDatabase() {
        HttpResponse<String> health = get("/actuator/health", "viewer", "dev-viewer");
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode body = json(health.body());
        assertThat(body.get("status").asText()).isEqualTo("UP");
        assertThat(body.at("/components/db/status").asText()).isEqualTo("UP");
        assertThat(body.at("/components/jms/status").asText()).isEqualTo("UP");
    }

    @Test
    void prometheusShowsThroughputInvoiceLatencyAndExceptions() {
        drop("acme-3pl", "shipments_SHP-MET1.csv", """
                shipment_id,order_id,ship_date,ship_from,ship_to_customer,line_no,item,qty,uom,lot,carrier,tracking
                SHP-MET1,SO-50003,2026-11-26T11:00:00-05:00,NJ1,CUST-1003,1,ACM-0107,1,EA,,UPSN,1Z4
                """);
        await().atMost(Duration.ofSeconds(60)).until(() -> api("/api/v1/documents?source=SHP-MET1").size() == 2);

        String metrics = get("/actuator/prometheus", "viewer", "dev-viewer").body();
        assertThat(metrics)
                .contains("dock2ledger_events_received_total{")
                .contains("dock2ledger_events_posted_total{")
                .contains("outcome=\"POSTED\"")
                .contains("dock2ledger_documents_posted_total{")
                .contains("dock2ledger_invoice_latency_seconds_count");
        assertThat(get("/actuator/prometheus", null, null).statusCode()).isEqualTo(401);
    }
}
