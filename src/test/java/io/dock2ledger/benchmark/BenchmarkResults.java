package io.dock2ledger.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one benchmark run and how they are computed from raw observations: plain functions, unit tested in
 * BenchmarkResultsTest, so the numbers in results.json can be checked without running a hub.
 */
final class BenchmarkResults {

    /** Keys every results.json has (the contract; a script reads them). */
    static final List<String> REQUIRED = List.of("linesPerSecond", "baselineLinesPerSecond", "ratio",
            "firstTenthLinesPerSecond", "lastTenthLinesPerSecond", "p50Ms", "p99Ms", "peakHeapMiB", "startSeconds",
            "database");

    private final Map<String, Object> values = new LinkedHashMap<>();

    BenchmarkResults put(String key, Object value) {
        values.put(key, value instanceof Double d ? round(d) : value);
        return this;
    }

    BenchmarkResults putAll(Map<String, ?> more) {
        more.forEach(this::put);
        return this;
    }

    Map<String, Object> values() {
        return values;
    }

    /** Lines per second from the drop (epoch ms) to the last posting time. */
    static double linesPerSecond(long lines, long dropMillis, long[] postedMillis) {
        long last = Arrays.stream(postedMillis).max().orElseThrow();
        return lines / seconds(last - dropMillis);
    }

    /**
     * Throughput of the first {@code events} events by posting time: their lines divided by the time from the drop to
     * the posting of the last of them (a warm-up's first part, when later rounds were posted after it).
     */
    static double firstLinesPerSecond(int events, double linesPerEvent, long dropMillis, long[] postedMillis) {
        return firstOfSorted(events, linesPerEvent, dropMillis, sorted(postedMillis));
    }

    /** A stage's first and last tenth in lines/s, and how flat it stayed. */
    record Tenths(double first, double last) {

        /** Last tenth / first tenth: 1 is flat, below 1 the run slowed down (the target is at least 0.9). */
        double ratio() {
            return last / first;
        }
    }

    /**
     * The tenths of a stage whose events reached it at these times (epoch ms), whatever their order, from one sort of
     * them. First: the lines of the first ceil(n/10) events over the time from the drop to the last of them. Last: the
     * lines of the last ceil(n/10) events over the time from the event just before them (or the drop, if none) to the
     * last event.
     */
    static Tenths tenths(double linesPerEvent, long dropMillis, long[] atMillis) {
        long[] sorted = sorted(atMillis);
        int k = tenth(sorted.length);
        int before = sorted.length - k - 1;
        long lastFrom = before < 0 ? dropMillis : sorted[before];
        return new Tenths(firstOfSorted(k, linesPerEvent, dropMillis, sorted),
                k * linesPerEvent / seconds(sorted[sorted.length - 1] - lastFrom));
    }

    private static double firstOfSorted(int events, double linesPerEvent, long dropMillis, long[] sorted) {
        return events * linesPerEvent / seconds(sorted[events - 1] - dropMillis);
    }

    /** One timing of the baseline: its rate and the share of the benchmark JVM's CPU the JIT compilers took in it. */
    record BaselineTiming(double linesPerSecond, double jitShare) {
    }

    /**
     * The baseline timed until it is warm, as the hub's warm-up is: its figure is the median of the timings in which
     * the JIT took at most {@code jitShareLimit} of the CPU (the last timing if none did, and then {@code settled} is
     * false), {@code spread} is (fastest - slowest) / median over those timings, and {@code runs} lists every timing.
     */
    record WarmBaseline(List<Double> runs, List<Double> jitShares, double median, double spread, boolean settled) {

        static WarmBaseline of(List<BaselineTiming> timings, double jitShareLimit) {
            if (timings.isEmpty()) {
                throw new IllegalArgumentException("No baseline runs");
            }
            List<BaselineTiming> steady = timings.stream().filter(t -> t.jitShare() <= jitShareLimit).toList();
            boolean settled = !steady.isEmpty();
            List<Double> rates = (settled ? steady : List.of(timings.get(timings.size() - 1))).stream()
                    .map(BaselineTiming::linesPerSecond).toList();
            double median = BenchmarkResults.median(rates);
            return new WarmBaseline(timings.stream().map(t -> round(t.linesPerSecond())).toList(),
                    timings.stream().map(t -> round(t.jitShare())).toList(), median,
                    (Collections.max(rates) - Collections.min(rates)) / median, settled);
        }
    }

    /** The middle value, or the mean of the two middle ones: the figure of several timings of one thing. */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("No values");
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** A stage's tenths as {stage}FirstTenthLinesPerSecond, {stage}LastTenthLinesPerSecond and {stage}TenthRatio. */
    BenchmarkResults putTenths(String stage, Tenths tenths) {
        return put(stage + "FirstTenthLinesPerSecond", tenths.first())
                .put(stage + "LastTenthLinesPerSecond", tenths.last())
                .put(stage + "TenthRatio", tenths.ratio());
    }

    /** Latencies in ms, 3 significant digits, up to an hour. */
    static Histogram latencyHistogram() {
        return new Histogram(3_600_000L, 3);
    }

    static long percentile(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile);
    }

    String toJson() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, toJson() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same figures as results.json, one per line. */
    String table() {
        int width = values.keySet().stream().mapToInt(String::length).max().orElse(10);
        StringBuilder out = new StringBuilder();
        String rule = "-".repeat(width + 2) + "+" + "-".repeat(40) + "\n";
        out.append(String.format("%-" + (width + 2) + "s| %s%n", " measure", "value")).append(rule);
        values.forEach((k, v) -> out.append(String.format(" %-" + width + "s | %s%n", k, v)));
        return out.toString();
    }

    private static int tenth(int n) {
        if (n == 0) {
            throw new IllegalArgumentException("No events posted");
        }
        return Math.max(1, (n + 9) / 10);
    }

    private static long[] sorted(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    /** At least a millisecond: a tenth posted within the clock's resolution is not infinitely fast. */
    private static double seconds(long millis) {
        return Math.max(1, millis) / 1000.0;
    }

    /** One decimal for rates and times (100 and more), three for small figures such as the ratio. */
    private static double round(double value) {
        double scale = Math.abs(value) >= 100 ? 10 : 1000;
        return Math.round(value * scale) / scale;
    }
}
