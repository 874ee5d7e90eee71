package io.dock2ledger.canonical;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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

    /** SHA-256, hex, of the event's business content. */
    public String of(CanonicalEvent event) {
        ObjectNode content = json.createObjectNode();
        content.put("type", event.type());
        content.put("partner", event.source().partner());
        content.put("documentId", event.source().documentId());
        content.put("businessDate", String.valueOf(event.businessDate()));
        content.put("warehouse", event.warehouse());
        content.set("references", json.valueToTree(event.references()));
        ArrayNode lines = content.putArray("lines");
        List<EventLine> sorted = event.lines().stream().sorted(LINE_ORDER).toList();
        for (EventLine line : sorted) {
            ObjectNode l = lines.addObject();
            l.put("sku", line.sku());
            l.put("baseQuantity", plain(line.baseQuantity()));
            l.put("baseUom", line.baseUom());
            l.put("lot", line.lot());
            l.put("reasonCode", line.reasonCode());
            l.put("disposition", line.disposition());
        }
        if (event.charge() != null) {
            Charge c = event.charge();
            ObjectNode charge = content.putObject("charge");
            charge.put("chargeType", c.chargeType());
            charge.put("amount", plain(c.amount()));
            charge.put("currency", c.currency());
        }
        return sha256(content.toString());
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
