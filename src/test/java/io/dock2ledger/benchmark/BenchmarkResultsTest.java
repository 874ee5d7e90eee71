package io.dock2ledger.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BenchmarkResultsTest {

    @Test
    void linesPerSecondRunsFromTheDropToTheLastPosting() {
        // 100 events of 2 lines, the last posted 4 s after the drop
        long[] posted = LongStream.rangeClosed(1, 100).map(i -> 1_000 + i * 40).toArray();
        assertThat(BenchmarkResults.linesPerSecond(200, 1_000, posted)).isCloseTo(50.0, within(0.001));
    }

    @Test
    void tenthsTakeTheFirstAndLastTenthOfPostingsWhateverTheirOrder() {
        long[] posted = slowingRun();
        reverse(posted);
        // first 10 postings: 20 lines by 100 ms = 200 lines/s; last 10: 20 lines from 900 ms to 1900 ms = 20 lines/s
        assertThat(BenchmarkResults.tenths(2, 0, posted).first()).isCloseTo(200.0, within(0.001));
        assertThat(BenchmarkResults.tenths(2, 0, posted).last()).isCloseTo(20.0, within(0.001));
    }

    @Test
    void theStartIsTheMedianOfItsTimedStarts() {
        // As measured on one machine within an hour: single starts of 5.9 to 9.1 s
        assertThat(BenchmarkResults.median(List.of(9.113, 5.904, 6.585))).isCloseTo(6.585, within(1e-9));
        assertThat(BenchmarkResults.median(List.of(5.2, 6.0))).isCloseTo(5.6, within(1e-9));
        assertThat(BenchmarkResults.median(List.of(7.753))).isCloseTo(7.753, within(1e-9));
        assertThatThrownBy(() -> BenchmarkResults.median(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theBaselineIsTakenAtTheMedianOfItsTimingsOnceTheJitHasSettled() {
        // As measured: the JIT took 26 %, 18 % and 6 % of the benchmark JVM's CPU in three timings in a row
        BenchmarkResults.WarmBaseline warming = BenchmarkResults.WarmBaseline.of(List.of(timing(8_178.3, 0.26),
                timing(9_937.9, 0.18), timing(9_915.7, 0.06)), 0.10);
        assertThat(warming.median()).isCloseTo(9_915.7, within(1e-9));
        assertThat(warming.settled()).isTrue();
        assertThat(warming.spread()).isZero();
        assertThat(warming.runs()).containsExactly(8_178.3, 9_937.9, 9_915.7);
        assertThat(warming.jitShares()).containsExactly(0.26, 0.18, 0.06);

        // Several settled timings: their median and spread; an odd count takes the middle one
        BenchmarkResults.WarmBaseline settled = BenchmarkResults.WarmBaseline.of(List.of(timing(6_000.0, 0.05),
                timing(9_000.0, 0.5), timing(4_000.0, 0.02)), 0.10);
        assertThat(settled.median()).isCloseTo(5_000.0, within(1e-9));
        assertThat(settled.spread()).isCloseTo(0.4, within(1e-9));
        BenchmarkResults.WarmBaseline three = BenchmarkResults.WarmBaseline.of(List.of(timing(5_500.0, 0.0),
                timing(9_000.0, 0.0), timing(5_000.0, 0.0)), 0.10);
        assertThat(three.median()).isCloseTo(5_500.0, within(1e-9));
        assertThat(three.spread()).isCloseTo(4_000.0 / 5_500.0, within(1e-9));

        // None settled: the last timing, and the run says so
        BenchmarkResults.WarmBaseline unsettled = BenchmarkResults.WarmBaseline.of(List.of(timing(1_234.56, 0.3),
                timing(2_000.0, 0.2)), 0.10);
        assertThat(unsettled.settled()).isFalse();
        assertThat(unsettled.median()).isCloseTo(2_000.0, within(1e-9));
        assertThat(unsettled.runs()).containsExactly(1_234.6, 2_000.0);
    }

    private static BenchmarkResults.BaselineTiming timing(double linesPerSecond, double jitShare) {
        return new BenchmarkResults.BaselineTiming(linesPerSecond, jitShare);
    }

    @Test
    void theTenthRatioIsTheLastTenthOverTheFirst() {
        // 20 lines/s at the end against 200 at the start, a ratio of 0.1
        BenchmarkResults.Tenths slowing = BenchmarkResults.tenths(2, 0, slowingRun());
        assertThat(slowing.first()).isCloseTo(200.0, within(0.001));
        assertThat(slowing.last()).isCloseTo(20.0, within(0.001));
        assertThat(slowing.ratio()).isCloseTo(0.1, within(1e-9));
        // Evenly spaced postings are flat
        long[] even = LongStream.rangeClosed(1, 100).map(i -> i * 10).toArray();
        assertThat(BenchmarkResults.tenths(2, 0, even).ratio()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void aStagesTenthsAreNamedAfterIt() throws Exception {
        BenchmarkResults r = new BenchmarkResults().putTenths("mapping", new BenchmarkResults.Tenths(1200.04, 960.0));
        JsonNode json = new ObjectMapper().readTree(r.toJson());
        assertThat(json.fieldNames()).toIterable().containsExactly("mappingFirstTenthLinesPerSecond",
                "mappingLastTenthLinesPerSecond", "mappingTenthRatio");
        assertThat(json.path("mappingFirstTenthLinesPerSecond").asDouble()).isEqualTo(1200.0);
        assertThat(json.path("mappingLastTenthLinesPerSecond").asDouble()).isEqualTo(960.0);
        assertThat(json.path("mappingTenthRatio").asDouble()).isEqualTo(0.8);
    }

    @Test
    void theFirstEventsAreTheEarliestPostedWhateverTheirOrder() {
        // 4 events of 2 lines, dropped at 0: the first two posted by 500 ms, the later two long after
        long[] posted = {9_000, 500, 8_000, 250};
        assertThat(BenchmarkResults.firstLinesPerSecond(2, 2, 0, posted)).isCloseTo(8.0, within(0.001));
        assertThat(BenchmarkResults.firstLinesPerSecond(4, 2, 0, posted)).isCloseTo(8.0 / 9, within(0.001));
    }

    @Test
    void aRunOfFewerThanTenEventsHasOneEventTenths() {
        long[] posted = {500, 1_000, 1_500};
        assertThat(BenchmarkResults.tenths(2, 0, posted).first()).isCloseTo(4.0, within(0.001));
        assertThat(BenchmarkResults.tenths(2, 0, posted).last()).isCloseTo(4.0, within(0.001));
    }

    @Test
    void percentilesComeFromTheHistogram() {
        Histogram h = BenchmarkResults.latencyHistogram();
        for (long ms = 1; ms <= 1_000; ms++) {
            h.recordValue(ms);
        }
        h.recordValue(60_000);
        // 1,001 values: the median is the 501st; the one slow outlier moves neither percentile.
        assertThat(BenchmarkResults.percentile(h, 50)).isEqualTo(501);
        assertThat(BenchmarkResults.percentile(h, 99)).isBetween(990L, 991L);
        assertThat(BenchmarkResults.percentile(BenchmarkResults.latencyHistogram(), 99)).isZero();
    }

    @Test
    void jsonHasEveryRequiredFieldAndTheTableShowsThem() throws Exception {
        BenchmarkResults r = new BenchmarkResults();
        for (String key : BenchmarkResults.REQUIRED) {
            r.put(key, key.equals("database") ? "h2" : 0.12345);
        }
        r.put("linesPerSecond", 1234.56);
        JsonNode json = new ObjectMapper().readTree(r.toJson());
        assertThat(json.fieldNames()).toIterable().containsExactlyElementsOf(BenchmarkResults.REQUIRED);
        assertThat(json.path("ratio").asDouble()).isEqualTo(0.123);
        assertThat(json.path("linesPerSecond").asDouble()).isEqualTo(1234.6);
        assertThat(json.path("database").asText()).isEqualTo("h2");
        assertThat(r.table()).contains("linesPerSecond").contains("| h2");
    }

    /** 100 events of 2 lines dropped at 0: the first 90 posted one every 10 ms, the last 10 one every 100 ms. */
    private static long[] slowingRun() {
        long[] posted = new long[100];
        for (int i = 0; i < 90; i++) {
            posted[i] = (i + 1) * 10L;
        }
        for (int i = 90; i < 100; i++) {
            posted[i] = 900 + (i - 89) * 100L;
        }
        return posted;
    }

    private static void reverse(long[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            long t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
