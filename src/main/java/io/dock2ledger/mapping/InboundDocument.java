package io.dock2ledger.mapping;

import com.fasterxml.jackson.databind.JsonNode;

/** One business document of an inbound file (or message), as the partner's mapping will see it. */
public record InboundDocument(String partner, String channel, String documentType, String mapping,
                              String rawFileId, JsonNode content) {

    /**
     * How an exception names this document before it has a document id (its mapping failed): the type and raw file,
     * and for an EDI set also its set and interchange control numbers, so that a resubmit re-reads exactly that set
     * of the file ({@code x12-945 set 0002 of interchange 000000101 in raw file <id>}).
     */
    public String describe() {
        String set = content == null ? "" : content.path("transaction").path("control").asText("");
        String interchange = content == null ? "" : content.path("interchange").path("control").asText("");
        if ("edi".equals(channel) && !set.isBlank() && !interchange.isBlank()) {
            return documentType + " set " + set.strip() + " of interchange " + interchange.strip() + " in raw file "
                    + rawFileId;
        }
        return documentType + " in raw file " + rawFileId;
    }
}
