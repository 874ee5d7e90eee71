package io.dock2ledger.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.canonical.CanonicalJson;
import io.dock2ledger.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;


import static io.dock2ledger.intake.PartnerFolderFiles.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every demo inbound file (config/demo/inbound), dropped into its partner's inbox, yields its canonical events with the
 * right types, base quantities and references; X12 files are answered with an accepting 997 in the outbox.
 * Posting is not asserted here: these are the events as intake stores and queues them.
 */
class DemoInboundFilesIT extends HubIntegrationTest {

    @Test
    void everyDemoFileYieldsItsCanonicalEventsAndEveryX12FileIsAcknowledged() {
        Set<Path> outboxBefore = new HashSet<>(files(DATA_DIR.resolve("partners/acme-3pl/outbox"), ""));
        List.of("acme-3pl/shipments_SHP-9001.csv", "acme-3pl/945_SHP-9002.x12", "acme-3pl/944_RCV-3001.x12",
                "acme-3pl/947_ADJ-4001.x12", "wh-east/return_RMA-80001.json", "wh-east/transfer_TRF-1101_shipped.json",
                "wh-east/transfer_TRF-1101_received.json", "carrier-feed/charges_2026-11-27.csv").forEach(file -> {
            String partner = file.substring(0, file.indexOf('/'));
            String name = file.substring(file.indexOf('/') + 1);
            drop(partner, demoFile(partner, name), name);
        });

        await().atMost(Duration.ofSeconds(90)).until(() -> count("""
                select count(*) from canonical_event where source_document in
                ('SHP-9001','SHP-9002','RCV-3001','ADJ-4001','RMA-80001','TRF-1101','FRT-6001','DTY-6002')""") >= 9);

        JsonNode shp9001 = event("shipment.confirmed", "SHP-9001");
        assertThat(shp9001.path("warehouse").asText()).isEqualTo("ACME-NJ");
        assertThat(shp9001.path("references").path("order").asText()).isEqualTo("SO-50001");
        assertThat(shp9001.path("references").path("customer").asText()).isEqualTo("CUST-1001");
        assertThat(baseQuantities(shp9001)).containsExactlyInAnyOrderEntriesOf(Map.of("MUG-RED", "36", "KETTLE-1L", "8"));

        JsonNode shp9002 = event("shipment.confirmed", "SHP-9002");
        assertThat(shp9002.path("source").path("channel").asText()).isEqualTo("edi");
        assertThat(shp9002.path("businessDate").asText()).isEqualTo("2026-11-26");
        assertThat(shp9002.path("references").path("order").asText()).isEqualTo("SO-50002");
        assertThat(shp9002.path("references").path("customer").asText()).isEqualTo("CUST-1002");
        assertThat(shp9002.path("references").path("billOfLading").asText()).isEqualTo("BOL778812");
        assertThat(baseQuantities(shp9002)).containsExactlyInAnyOrderEntriesOf(Map.of("TEA-EARL", "96", "MUG-BLU", "12"));

        JsonNode rcv3001 = event("goods.received", "RCV-3001");
        assertThat(rcv3001.path("businessDate").asText()).isEqualTo("2026-11-25");
        assertThat(rcv3001.path("references").path("purchaseOrder").asText()).isEqualTo("PO-70001");
        assertThat(rcv3001.path("references").path("receipt").asText()).isEqualTo("RCV-3001");
        assertThat(rcv3001.path("references").path("billOfLading").asText()).isEqualTo("BOL55120");
        assertThat(rcv3001.path("references").path("supplier").asText()).isEqualTo("SUP-200");
        assertThat(baseQuantities(rcv3001)).containsExactlyInAnyOrderEntriesOf(Map.of("MUG-RED", "240", "MUG-BLU", "240"));

        JsonNode adj4001 = event("inventory.adjusted", "ADJ-4001");
        assertThat(adj4001.path("warehouse").asText()).isEqualTo("ACME-NJ");
        assertThat(baseQuantities(adj4001)).containsExactlyInAnyOrderEntriesOf(Map.of("KETTLE-1L", "-6", "MUG-RED", "2"));
        assertThat(adj4001.path("lines").findValuesAsText("reasonCode")).containsExactlyInAnyOrder("AV", "AA");

        JsonNode rma = event("return.received", "RMA-80001");
        assertThat(rma.path("eventId").asText()).isEqualTo("c0a8e7f2-5b1e-4c1e-9d61-2f3f7f0b8a11");
        assertThat(rma.path("warehouse").asText()).isEqualTo("WH-EAST");
        assertThat(rma.path("businessDate").asText()).isEqualTo("2026-11-27");
        assertThat(rma.path("references").path("rma").asText()).isEqualTo("RMA-80001");
        assertThat(rma.path("lines").path(0).path("disposition").asText()).isEqualTo("RESTOCK");
        assertThat(baseQuantities(rma)).containsExactlyEntriesOf(Map.of("MUG-RED", "6"));

        JsonNode shipped = event("transfer.shipped", "TRF-1101");
        assertThat(shipped.path("warehouse").asText()).isEqualTo("WH-EAST");
        assertThat(shipped.path("references").path("toWarehouse").asText()).isEqualTo("WH-WEST");
        assertThat(shipped.path("businessDate").asText()).isEqualTo("2026-11-26");
        assertThat(baseQuantities(shipped)).containsExactlyEntriesOf(Map.of("MUG-RED", "48"));

        JsonNode received = event("transfer.received", "TRF-1101");
        assertThat(received.path("warehouse").asText()).isEqualTo("WH-WEST");
        assertThat(received.path("references").path("fromWarehouse").asText()).isEqualTo("WH-EAST");
        assertThat(received.path("businessDate").asText()).isEqualTo("2026-11-29");
        assertThat(baseQuantities(received)).containsExactlyEntriesOf(Map.of("MUG-RED", "48"));

        JsonNode freight = event("landed-cost.charged", "FRT-6001");
        assertThat(freight.path("charge").path("chargeType").asText()).isEqualTo("FREIGHT");
        assertThat(freight.path("charge").path("amount").asText()).isEqualTo("75.00");
        assertThat(freight.path("references").path("receipt").asText()).isEqualTo("RCV-3001");
        assertThat(freight.path("businessDate").asText()).isEqualTo("2026-11-27");
        JsonNode duty = event("landed-cost.charged", "DTY-6002");
        assertThat(duty.path("charge").path("amount").asText()).isEqualTo("57.00");
        assertThat(duty.path("references").has("receipt")).isFalse();
        assertThat(duty.path("references").path("purchaseOrder").asText()).isEqualTo("PO-70001");
        assertThat(duty.path("references").path("billOfLading").asText()).isEqualTo("BOL55120");

        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledgments(outboxBefore).size() >= 3);
        List<String> acks = acknowledgments(outboxBefore);
        for (String set : List.of("945", "944", "947")) {
            assertThat(acks).as("997 accepting the " + set)
                    .anySatisfy(ack -> assertThat(ack).contains("ST*997*").contains("AK2*" + set + "*0001")
                            .contains("AK5*A").contains("AK9*A*1*1*1"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                files(DATA_DIR.resolve("partners/acme-3pl/inbox"), "9").isEmpty()
                        && files(DATA_DIR.resolve("partners/wh-east/inbox"), "").isEmpty()
                        && files(DATA_DIR.resolve("partners/carrier-feed/inbox"), "").isEmpty());
        assertThat(files(DATA_DIR.resolve("partners/acme-3pl/archive"), "945_SHP-9002")).hasSize(1);
        assertThat(files(DATA_DIR.resolve("partners/wh-east/archive"), "return_RMA-80001")).hasSize(1);
        assertThat(count("select count(*) from hub_exception where partner in ('acme-3pl','wh-east','carrier-feed') "
                + "and source_document in ('SHP-9001','SHP-9002','RCV-3001','ADJ-4001','RMA-80001','TRF-1101','FRT-6001','DTY-6002')")).isZero();
    }

    private List<String> acknowledgments(Set<Path> before) {
        return files(DATA_DIR.resolve("partners/acme-3pl/outbox"), "acme-3pl_").stream()
                .filter(p -> !before.contains(p)).map(PartnerFolderFiles::read).toList();
    }

    private JsonNode event(String type, String document) {
        List<String> payloads = jdbc.queryForList(
                "select p.payload from canonical_event e " + CanonicalEventStore.WITH_PAYLOAD
                        + " where e.event_type = ? and e.source_document = ?", String.class,
                type, document);
        assertThat(payloads).as(type + " " + document).hasSize(1);
        try {
            return CanonicalJson.newMapper().readTree(payloads.get(0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> baseQuantities(JsonNode event) {
        Map<String, String> quantities = new java.util.LinkedHashMap<>();
        event.path("lines").forEach(l -> quantities.put(l.path("sku").asText(), l.path("baseQuantity").asText()));
        return quantities;
    }

}
