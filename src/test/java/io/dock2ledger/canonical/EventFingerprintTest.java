package io.dock2ledger.canonical;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fingerprints are stored (the posting ledger compares a resend's with the one posted) and event ids are made from
 * them, so the way they are computed may get faster but never give other bytes: every event here is fingerprinted by
 * the hub and by the first version's code, kept below as it was, and the two must agree.
 */
class EventFingerprintTest {

    private static final ObjectMapper JSON = CanonicalJson.newMapper();
    private static final String[] TEXTS = {null, "", "SO-1001", "ACM-0107", "Zoë & \"Ünïcödé\" \\ ✓", "tab\there",
        "line\nbreak", "\u0001ctl", "漢字", "a/b<c>", " spaced "};
    private static final BigDecimal[] AMOUNTS = {null, BigDecimal.ZERO, new BigDecimal("3"), new BigDecimal("8.000"),
        new BigDecimal("443.02"), new BigDecimal("1E+3"), new BigDecimal("-0.50"), new BigDecimal("0.0000001")};

    private final EventFingerprint fingerprint = new EventFingerprint(JSON);

    @Test
    void givesTheFirstVersionsBytesForEveryKindOfContent() {
        Random random = new Random(20261207);
        for (int i = 0; i < 2_000; i++) {
            CanonicalEvent event = randomEvent(random);
            assertThat(fingerprint.of(event)).as("event %d: %s", i, event).isEqualTo(firstVersion(event));
        }
    }

    @Test
    void aShipmentKeepsTheFingerprintAndEventIdItHadBefore() {
        CanonicalEvent shipment = new CanonicalEvent(null, "shipment.confirmed", "1.0",
                new EventSource("acme-3pl", "acme-wms", "sftp-csv", "shipments", "SHP-1", "raw-1"),
                "2026-11-26T14:05:00-05:00", LocalDate.of(2026, 11, 26), Instant.parse("2026-11-26T19:06:00Z"), "NJ1",
                "NJ1", new References("SO-1001", null, null, null, null, null, "CUST-1001", null, null, null, "UPSN"),
                List.of(line("ACM-0001", "36", "EA", "L1"), line("ACM-0107", "8", "EA", null)), null);

        String print = fingerprint.of(shipment);

        // The value the first version gave, written down: a change to both versions here would still show.
        assertThat(print).isEqualTo(firstVersion(shipment))
                .isEqualTo("0230bf0c859deb6818c2b0de5d565fe2399f111b2b546ac2114b4e4afc61f4c9");
        assertThat(EventFingerprint.eventIdFor(print)).isEqualTo("dd542dd2-cd4f-35aa-b56c-a461b120d07d");
    }

    @Test
    void whatIsLeftOutDoesNotChangeItAndWhatCountsDoes() {
        CanonicalEvent base = new CanonicalEvent("evt-1", "shipment.confirmed", "1.0",
                new EventSource("acme-3pl", "wms", "sftp-csv", "shipments", "SHP-1", "raw-1"), "t",
                LocalDate.of(2026, 11, 26), Instant.EPOCH, "NJ1", "NJ1", References.NONE,
                List.of(line("A", "1", "EA", null), line("B", "2", "EA", null)), null);
        CanonicalEvent otherChannelAndOrder = new CanonicalEvent("evt-2", "shipment.confirmed", "1.0",
                new EventSource("acme-3pl", "wms", "x12", "945", "SHP-1", "raw-2"), "t2",
                LocalDate.of(2026, 11, 26), Instant.now(), "NJ1", "other", References.NONE,
                List.of(line("B", "2.00", "EA", null), line("A", "1", "EA", null)), null);
        CanonicalEvent otherQuantity = new CanonicalEvent("evt-1", "shipment.confirmed", "1.0", base.source(), "t",
                base.businessDate(), Instant.EPOCH, "NJ1", "NJ1", References.NONE,
                List.of(line("A", "1", "EA", null), line("B", "3", "EA", null)), null);

        assertThat(fingerprint.of(otherChannelAndOrder)).isEqualTo(fingerprint.of(base));
        assertThat(fingerprint.of(otherQuantity)).isNotEqualTo(fingerprint.of(base));
    }

    private static EventLine line(String sku, String baseQuantity, String uom, String lot) {
        return new EventLine(1, "p-" + sku, sku, new BigDecimal(baseQuantity), uom, new BigDecimal(baseQuantity), uom,
                lot, null, null, null);
    }

    private static CanonicalEvent randomEvent(Random random) {
        List<EventLine> lines = new ArrayList<>();
        for (int l = random.nextInt(5); l > 0; l--) {
            lines.add(new EventLine(l, text(random), text(random), amount(random), text(random), amount(random),
                    text(random), text(random), text(random), text(random), text(random), text(random)));
        }
        Charge charge = random.nextBoolean() ? null
                : new Charge(text(random), amount(random), text(random), text(random), LocalDate.of(2026, 12, 1));
        References references = new References(text(random), text(random), text(random), text(random), text(random),
                text(random), text(random), text(random), text(random), text(random), text(random));
        return new CanonicalEvent(text(random), text(random), "1.0",
                new EventSource(text(random), text(random), text(random), text(random), text(random), text(random)),
                text(random), random.nextInt(4) == 0 ? null : LocalDate.of(2026, 1 + random.nextInt(12), 1),
                Instant.EPOCH, text(random), text(random), random.nextInt(6) == 0 ? References.NONE : references,
                lines, charge);
    }

    private static String text(Random random) {
        return TEXTS[random.nextInt(TEXTS.length)];
    }

    private static BigDecimal amount(Random random) {
        return AMOUNTS[random.nextInt(AMOUNTS.length)];
    }

    /** The first version of EventFingerprint.of, unchanged: a tree, its toString(), SHA-256. */
    private static String firstVersion(CanonicalEvent event) {
        Comparator<EventLine> lineOrder = Comparator
                .comparing((EventLine l) -> nullSafe(l.sku()))
                .thenComparing(l -> nullSafe(l.lot()))
                .thenComparing(l -> nullSafe(l.reasonCode()))
                .thenComparing(l -> nullSafe(l.disposition()))
                .thenComparing(l -> l.baseQuantity() == null ? BigDecimal.ZERO : l.baseQuantity());
        ObjectNode content = JSON.createObjectNode();
        content.put("type", event.type());
        content.put("partner", event.source().partner());
        content.put("documentId", event.source().documentId());
        content.put("businessDate", String.valueOf(event.businessDate()));
        content.put("warehouse", event.warehouse());
        content.set("references", JSON.valueToTree(event.references()));
        ArrayNode lines = content.putArray("lines");
        for (EventLine line : event.lines().stream().sorted(lineOrder).toList()) {
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
        return EventFingerprint.sha256(content.toString());
    }

    private static String plain(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros().toPlainString();
    }

    private static String nullSafe(String s) {
        return s == null ? "" : s;
    }
}
