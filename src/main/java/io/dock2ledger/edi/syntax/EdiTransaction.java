package io.dock2ledger.edi.syntax;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One transaction set (X12) or message (EDIFACT) as the JSON tree JSONata mappings read. See {@code docs/edi.md} for
 * the shape; in short:
 * <pre>{"standard":"X12","partner":"acme-3pl",
 *  "interchange":{"sender":"ACME3PL","senderQualifier":"ZZ","receiver":..,"control":"000000101",..},
 *  "group":{"functionalId":"SW","control":"101","version":"004010",..},
 *  "transaction":{"type":"945","control":"0001","version":""},
 *  "validation":{"level":"content","schema":"x12/945"},
 *  "segments":[{"id":"W06","W0601":"N","W0602":"SO-50002",..},{"id":"W12","W1201":"CC",..},..]}</pre>
 *
 * @param json the tree; treat it as read-only
 */
public record EdiTransaction(ObjectNode json) {

    public EdiStandard standard() {
        return EdiStandard.valueOf(json.path("standard").asText());
    }

    /** ST01 / UNH message type, e.g. 945 or DESADV. */
    public String type() {
        return json.path("transaction").path("type").asText();
    }

    /** ST02 / UNH 0062. */
    public String control() {
        return json.path("transaction").path("control").asText();
    }

    /** ISA13 / UNB 0020. */
    public String interchangeControl() {
        return json.path("interchange").path("control").asText();
    }

    /** GS06, or empty for EDIFACT interchanges without UNG groups. */
    public String groupControl() {
        return json.path("group").path("control").asText("");
    }

    /** The segments in file order (ST/SE and UNH/UNT excluded: their content is under "transaction"). */
    public JsonNode segments() {
        return json.path("segments");
    }

    /** True when the content was validated against a transaction schema, false when only the envelope was checked. */
    public boolean contentValidated() {
        return "content".equals(json.path("validation").path("level").asText());
    }
}
