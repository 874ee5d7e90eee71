package io.dock2ledger.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.canonical.CanonicalJson;
import io.dock2ledger.mapping.PartnerMappings;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

/**
 * Does mapping stay flat over a long run? Evaluates acme-3pl's shipment mapping {@code -Dbenchmark.mappings} times
 * (default 20,000) on one thread and prints the time of each tenth. With dashjoin jsonata 0.9.9 every tenth was slower
 * than the last until the stack overflowed (issue 8); the figures are in docs/reliability.md.
 * <pre>mvn test -Dtest.excludedGroups= -Dgroups=benchmark -Dtest=MappingFlatnessBenchmark -Dbenchmark.mappings=20000</pre>
 */
@Tag("benchmark")
class MappingFlatnessBenchmark {

    @Test
    void mappingTimePerTenth() {
        ObjectMapper json = CanonicalJson.newMapper();
        PartnerMappings mappings = new PartnerMappings(Path.of("mappings"), json);
        int total = Integer.getInteger("benchmark.mappings", 20_000);
        int tenth = Math.max(1, total / 10);
        StringBuilder report = new StringBuilder("mappings per tenth of " + total + " (ms):");
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            JsonNode row = json.createObjectNode().put("shipment_id", "SHP-" + i).put("order_id", "SO-50001")
                    .put("ship_date", "2026-11-26T14:05:00-05:00").put("ship_from", "NJ1")
                    .put("ship_to_customer", "CUST-1001").put("line_no", "1").put("item", "ACM-0001")
                    .put("qty", "3").put("uom", "CA").put("lot", "").put("carrier", "UPSN").put("tracking", "1Z");
            mappings.map("acme-3pl/shipment-csv.jsonata", json.createObjectNode().set("rows", json.createArrayNode().add(row)));
            if ((i + 1) % tenth == 0) {
                long now = System.nanoTime();
                report.append(' ').append((now - start) / 1_000_000);
                start = now;
            }
        }
        System.out.println(report);
    }

    /**
     * The same mapping through Camel's {@code jsonata:} component (camel-jsonata 4.17), for the choice between it and
     * {@link PartnerMappings} (docs/partners.md, "Why the mapping step is Java"):
     * <pre>mvn test -Dtest.excludedGroups= -Dgroups=benchmark -Dtest=MappingFlatnessBenchmark -Dbenchmark.mappings=20000</pre>
     */
    @Test
    void jsonataComponentTimePerTenth() throws Exception {
        ObjectMapper json = CanonicalJson.newMapper();
        int total = Integer.getInteger("benchmark.mappings", 20_000);
        int tenth = Math.max(1, total / 10);
        StringBuilder report = new StringBuilder("jsonata: component mappings per tenth of " + total + " (ms):");
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            ProducerTemplate producer = camel.createProducerTemplate();
            String uri = "jsonata:file:" + Path.of("mappings/acme-3pl/shipment-csv.jsonata").toAbsolutePath()
                    + "?contentCache=true";
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                JsonNode row = json.createObjectNode().put("shipment_id", "SHP-" + i).put("order_id", "SO-50001")
                        .put("ship_date", "2026-11-26T14:05:00-05:00").put("ship_from", "NJ1")
                        .put("ship_to_customer", "CUST-1001").put("line_no", "1").put("item", "ACM-0001")
                        .put("qty", "3").put("uom", "CA").put("lot", "").put("carrier", "UPSN").put("tracking", "1Z");
                producer.requestBody(uri, json.createObjectNode().set("rows", json.createArrayNode().add(row)));
                if ((i + 1) % tenth == 0) {
                    long now = System.nanoTime();
                    report.append(' ').append((now - start) / 1_000_000);
                    start = now;
                }
            }
        }
        System.out.println(report);
    }
}
