package io.dock2ledger.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;

/**
 * How fast one core of this machine is, as a fixed piece of the kind of work a hub does for a line (a JSON record
 * written and read back, money multiplied and rounded, a map of codes looked up), timed on one thread before the hub
 * starts. Machines of the same kind ran the same commit 1.8 times apart (docs/performance.md, "thirty-first pass"), so
 * a figure of one pass compares with another's only through this one: {@code hubCpuMillisPerLine} over
 * {@code machineCalibrationMillis} is the hub's cost in units of the machine.
 */
final class MachineCalibration {

    /** Records a round: 33-37 ms a round on the machine of the thirty-first pass. */
    static final int RECORDS = 50_000;
    private static final int WARMUP_ROUNDS = 5;
    private static final int TIMED_ROUNDS = 10;

    private final ObjectMapper json = new ObjectMapper();

    /** The fastest of the timed rounds, in milliseconds: the machine's speed, least disturbed by anything else. */
    static double millis() {
        MachineCalibration calibration = new MachineCalibration();
        for (int i = 0; i < WARMUP_ROUNDS; i++) {
            calibration.round();
        }
        long best = Long.MAX_VALUE;
        for (int i = 0; i < TIMED_ROUNDS; i++) {
            long start = System.nanoTime();
            calibration.round();
            best = Math.min(best, System.nanoTime() - start);
        }
        return Math.round(best / 1e5) / 10.0;
    }

    /** One round's work; its result is the sum of every line amount, so none of the work can be left out. */
    BigDecimal round() {
        Map<String, BigDecimal> prices = new HashMap<>();
        for (int sku = 0; sku < 500; sku++) {
            prices.put("SKU-" + sku, new BigDecimal("12.34").add(BigDecimal.valueOf(sku, 2)));
        }
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < RECORDS; i++) {
            ObjectNode record = json.createObjectNode()
                    .put("shipmentId", "SHP-" + i)
                    .put("order", "SO-" + (i % 500))
                    .put("sku", "SKU-" + (i % 500))
                    .put("quantity", 1 + i % 7)
                    .put("shippedAt", "2026-12-06T10:15:30Z");
            JsonNode read = read(write(record));
            BigDecimal amount = prices.get(read.get("sku").asText())
                    .multiply(BigDecimal.valueOf(read.get("quantity").asInt()))
                    .setScale(2, RoundingMode.HALF_EVEN);
            total = total.add(amount);
        }
        return total;
    }

    private byte[] write(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode read(byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
