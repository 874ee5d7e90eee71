package io.dock2ledger.canonical;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The business content of an event, hashed: what was moved, where, when and against what, in hub terms.
 * Channel, file name, event id, arrival time and the partner's own codes are left out, so the same document
 * sent as CSV today and as EDI tomorrow has the same fingerprint, and a changed resend has another.
 */
public final class EventFingerprint {

    private static final Comparator<EventLine> LINE_ORDER = Comparator
            .comparing((EventLine l) -> nullSafe(l.sku()))
            .thenComparing(l -> nullSafe(l.lot()))
            .thenComparing(l -> nullSafe(l.reasonCode()))
            .thenComparing(l -> nullSafe(l.disposition()))
            .thenComparing(l -> l.baseQuantity() == null ? BigDecimal.ZERO : l.baseQuantity());

    private final ObjectMapper json;

    public EventFingerprint(ObjectMapper json) {
        this.json = json;
    }

    /**
     * SHA-256, hex, of the event's business content: a JSON object written field by field, without a tree in between
     * (the tree and its copy of the references were 2 % of the hub's CPU, docs/performance.md, thirty-eighth pass).
     * The bytes are those of the first version, which built an {@code ObjectNode} and hashed its {@code toString()}:
     * stored fingerprints and the event ids made from them must not change ({@code EventFingerprintTest} holds the two
     * against each other).
     */
    public String of(CanonicalEvent event) {
        StringWriter text = new StringWriter(512);
        try (JsonGenerator out = json.getFactory().createGenerator(text)) {
            out.writeStartObject();
            out.writeStringField("type", event.type());
            out.writeStringField("partner", event.source().partner());
            out.writeStringField("documentId", event.source().documentId());
            out.writeStringField("businessDate", String.valueOf(event.businessDate()));
            out.writeStringField("warehouse", event.warehouse());
            out.writeFieldName("references");
            // The hub's mapper, as the first version's valueToTree: its fields in order, nulls left out.
            json.writeValue(out, event.references());
            out.writeArrayFieldStart("lines");
            for (EventLine line : event.lines().stream().sorted(LINE_ORDER).toList()) {
                out.writeStartObject();
                out.writeStringField("sku", line.sku());
                out.writeStringField("baseQuantity", plain(line.baseQuantity()));
                out.writeStringField("baseUom", line.baseUom());
                out.writeStringField("lot", line.lot());
                out.writeStringField("reasonCode", line.reasonCode());
                out.writeStringField("disposition", line.disposition());
                out.writeEndObject();
            }
            out.writeEndArray();
            if (event.charge() != null) {
                Charge c = event.charge();
                out.writeObjectFieldStart("charge");
                out.writeStringField("chargeType", c.chargeType());
                out.writeStringField("amount", plain(c.amount()));
                out.writeStringField("currency", c.currency());
                out.writeEndObject();
            }
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the fingerprint of event " + event.eventId(), e);
        }
        return sha256(text.toString());
    }

    /** A stable event id for a document that did not bring its own: same content, same id, on every channel. */
    public static String eventIdFor(String fingerprint) {
        return UUID.nameUUIDFromBytes(fingerprint.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String plain(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros().toPlainString();
    }

    private static String nullSafe(String s) {
        return s == null ? "" : s;
    }

    static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
