package io.dock2ledger.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Optional;

/**
 * What a message that failed says of the canonical event it carries, read leniently from its JSON (a dead letter may be
 * any JSON, or an event the canonical model no longer reads): its id, partner and document id, each null when absent.
 * So that the exception raised for it names them, and the event's posting resolves it.
 */
public record EventHeader(String eventId, String partner, String documentId) {

    public static final EventHeader NONE = new EventHeader(null, null, null);

    /** Empty when the body is not JSON at all. */
    public static Optional<EventHeader> read(ObjectMapper json, Object body) {
        try {
            JsonNode event = json.readTree(String.valueOf(body));
            return Optional.of(new EventHeader(event.path("eventId").asText(null),
                    event.path("source").path("partner").asText(null), event.path("source").path("documentId").asText(null)));
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }
}
