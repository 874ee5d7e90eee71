package io.dock2ledger.mapping;

import com.fasterxml.jackson.databind.JsonNode;

/** One business document of an inbound file (or message), as the partner's mapping will see it. */
public record InboundDocument(String partner, String channel, String documentType, String mapping,
                              String rawFileId, JsonNode content) {
}
