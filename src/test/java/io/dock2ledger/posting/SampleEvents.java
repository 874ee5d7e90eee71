package io.dock2ledger.posting;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dock2ledger.canonical.CanonicalJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Canonical events as the posting queue carries them, built from the mapping samples with ids of a test's own. */
final class SampleEvents {

    private SampleEvents() {
    }

    /**
     * The enriched demo shipment of mappings/acme-3pl/samples (36 MUG-RED, 8 KETTLE-1L) as its own document for its
     * own order; its event id is {@code evt-<documentId>}.
     */
    static String shipment(String documentId, String order, String receivedAt) {
        try {
            ArrayNode sample = (ArrayNode) CanonicalJson.newMapper().readTree(
                    Files.readString(Path.of("mappings/acme-3pl/samples/shipment-csv.expected.json")));
            ObjectNode event = (ObjectNode) sample.get(0);
            event.put("eventId", "evt-" + documentId);
            event.put("receivedAt", receivedAt);
            ((ObjectNode) event.get("source")).put("documentId", documentId);
            ((ObjectNode) event.get("references")).put("order", order);
            return CanonicalJson.newMapper().writeValueAsString(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
