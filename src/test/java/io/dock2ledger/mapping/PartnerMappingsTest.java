package io.dock2ledger.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.canonical.CanonicalJson;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A partner mapping is evaluated for every document the hub ever reads, on several threads at once (file intake,
 * partner queues, webhooks): it must give the same answer the ten-thousandth time as the first, and one thread's
 * document must never leak into another's result.
 */
class PartnerMappingsTest {

    private static final ObjectMapper JSON = CanonicalJson.newMapper();
    private static final String MAPPING = "acme-3pl/shipment-csv.jsonata";

    private final PartnerMappings mappings = new PartnerMappings(Path.of("mappings"), JSON);

    @Test
    void aCachedMappingStaysCorrectOverTensOfThousandsOfEvaluations() {
        // dashjoin jsonata 0.9.9 (what camel-jsonata 4.17 brings) grew the frame chain of a cached expression on every
        // evaluation and overflowed the stack after about 8,000 evaluations with a fresh frame each (issue 8).
        JsonNode first = mappings.map(MAPPING, shipment("SHP-0", 1)).get(0);
        for (int i = 1; i <= 20_000; i++) {
            JsonNode event = mappings.map(MAPPING, shipment("SHP-" + i, i)).get(0);
            if (i % 5_000 == 0) {
                assertThat(event.at("/source/documentId").asText()).isEqualTo("SHP-" + i);
                assertThat(event.at("/lines/0/quantity").asText()).isEqualTo(String.valueOf(i));
            }
        }
        assertThat(first.at("/source/documentId").asText()).isEqualTo("SHP-0");
    }

    @Test
    void concurrentMappingsNeverSeeEachOthersDocuments() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    List<String> wrong = new ArrayList<>();
                    for (int i = 0; i < 2_000; i++) {
                        String id = "SHP-T" + thread + "-" + i;
                        JsonNode event = mappings.map(MAPPING, shipment(id, i + 1)).get(0);
                        if (!id.equals(event.at("/source/documentId").asText())
                                || !String.valueOf(i + 1).equals(event.at("/lines/0/quantity").asText())) {
                            wrong.add(id + " mapped as " + event.at("/source/documentId").asText());
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<List<String>> result : results) {
                assertThat(result.get()).as("documents mapped with another thread's data").isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The mapping input of one CSV shipment: {"rows": [...]} as the CSV reader builds it. */
    private static JsonNode shipment(String id, int quantity) {
        return JSON.createObjectNode().set("rows", JSON.createArrayNode().add(JSON.createObjectNode()
                .put("shipment_id", id).put("order_id", "SO-50001").put("ship_date", "2026-11-26T14:05:00-05:00")
                .put("ship_from", "NJ1").put("ship_to_customer", "CUST-1001").put("line_no", "1")
                .put("item", "ACM-0001").put("qty", String.valueOf(quantity)).put("uom", "CA").put("lot", "")
                .put("carrier", "UPSN").put("tracking", "1Z999")));
    }
}
