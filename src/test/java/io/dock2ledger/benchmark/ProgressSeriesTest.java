package io.dock2ledger.benchmark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProgressSeriesTest {

    @Test
    void aScrapeIsReadFromThePrometheusPage() {
        String page = """
                # HELP dock2ledger_events_received_total
                dock2ledger_events_received_total{partner="acme-3pl",type="ShipmentConfirmed"} 1200.0
                dock2ledger_events_received_total{partner="globex",type="ReceiptConfirmed"} 34.0
                dock2ledger_documents_posted_total{type="AR_INVOICE"} 1000.0
                dock2ledger_documents_posted_total{type="COGS_JOURNAL"} 1000.0
                process_cpu_time_ns_total 5.25E10
                jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1048576.0
                jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2097152.0
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9.9E9
                dock2ledger_database_file_size_bytes 8.388608E7
                dock2ledger_database_chunks_fill_percent 37.0
                dock2ledger_database_compaction_seconds_count{rewritten="false"} 40.0
                dock2ledger_database_compaction_seconds_sum{rewritten="false"} 0.25
                dock2ledger_database_compaction_seconds_count{rewritten="true"} 60.0
                dock2ledger_database_compaction_seconds_sum{rewritten="true"} 1.5
                dock2ledger_database_compaction_seconds_max{rewritten="true"} 0.09
                """;
        ProgressSeries.Sample s = ProgressSeries.Sample.of(7_000, "main", page);
        assertThat(s.eventsReceived()).isEqualTo(1234);
        assertThat(s.documentsPosted()).isEqualTo(2000);
        assertThat(s.cpuSeconds()).isCloseTo(52.5, within(1e-9));
        assertThat(s.heapUsedBytes()).isEqualTo(3L << 20);
        assertThat(s.databaseFileBytes()).isEqualTo(80L << 20);
        assertThat(s.databaseChunksFillPercent()).isEqualTo(37);
        assertThat(s.compactionRewritingPasses()).isEqualTo(60);
        assertThat(s.compactionSeconds()).isCloseTo(1.75, within(1e-9));
        assertThat(new ProgressSeries(2_000, null).row(s)).isEqualTo("5.0,main,1234,2000,52.500,3,80,37,60,1.750");
    }

    @Test
    void withoutAnH2FileTheSizeIsMinusOneAndAFailedScrapeIsNoSample() {
        String page = "dock2ledger_documents_posted_total{type=\"AR_INVOICE\"} 4.0\nprocess_cpu_time_ns_total 1.0E9\n";
        assertThat(ProgressSeries.Sample.of(0, "main", page).databaseFileBytes()).isEqualTo(-1);
        assertThat(ProgressSeries.Sample.of(0, "main", page).databaseChunksFillPercent()).isEqualTo(-1);
        assertThat(ProgressSeries.Sample.of(0, "main", null)).isNull();
    }

    @Test
    void everySampleIsAppendedToTheFileAsItComes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("benchmark/progress.csv");
        ProgressSeries series = new ProgressSeries(0, file);
        assertThat(series.last()).isNull();
        series.add(sample(5_000, "warmup", 100, 1.0));
        assertThat(Files.readAllLines(file)).containsExactly(ProgressSeries.HEADER, "5.0,warmup,50,100,1.000,0,-1,-1,0,0.000");
        series.add(sample(10_000, "main", 300, 2.0));
        assertThat(Files.readAllLines(file)).hasSize(3).last().isEqualTo("10.0,main,150,300,2.000,0,-1,-1,0,0.000");
        assertThat(series.last().atMillis()).isEqualTo(10_000);
    }

    @Test
    void tenthsOfAPhaseTakeTheCpuBetweenTheScrapesThatSpanThem() {
        ProgressSeries series = new ProgressSeries(0, null);
        // Warm-up ends at 500 documents and 10 s of CPU. Phase 1 posts 1,000 more: 1 ms of CPU a document up to 600,
        // then slower, and 3 ms a document over its last 200 (from 1,300 to 1,500 posted).
        series.add(sample(0, "warmup", 400, 9.0));
        series.add(sample(5_000, "warmup", 500, 10.0));
        series.add(sample(10_000, "main", 600, 10.1));
        series.add(sample(15_000, "main", 1_000, 11.0));
        series.add(sample(20_000, "main", 1_300, 12.0));
        series.add(sample(25_000, "main", 1_500, 12.6));
        series.add(sample(30_000, "open-loop", 1_510, 12.7));
        // First tenth: 100 documents, from the warm-up's last scrape (500) to the first at 600 or more.
        assertThat(series.firstTenthCpuMillisPerLine("main", 1_000, 1.0)).isCloseTo(1.0, within(1e-9));
        // Last tenth: from the last scrape at no more than 1,400 (1,300) to the first at 1,500.
        assertThat(series.lastTenthCpuMillisPerLine("main", 1_000, 1.0)).isCloseTo(3.0, within(1e-9));
        // Two lines a document halve the CPU a line.
        assertThat(series.lastTenthCpuMillisPerLine("main", 1_000, 2.0)).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void aPhaseTheSeriesDoesNotSpanHasNoFigure() {
        ProgressSeries series = new ProgressSeries(0, null);
        series.add(sample(0, "warmup", 500, 10.0));
        series.add(sample(5_000, "main", 520, 10.1));
        // Never reached all 1,000 of the phase's documents, and no phase "open-loop" at all.
        assertThat(series.lastTenthCpuMillisPerLine("main", 1_000, 1.0)).isEqualTo(-1);
        assertThat(series.firstTenthCpuMillisPerLine("main", 1_000, 1.0)).isEqualTo(-1);
        assertThat(series.firstTenthCpuMillisPerLine("open-loop", 10, 1.0)).isEqualTo(-1);
    }

    private static ProgressSeries.Sample sample(long at, String phase, double posted, double cpuSeconds) {
        return new ProgressSeries.Sample(at, phase, posted / 2, posted, cpuSeconds, 0, -1, -1, 0, 0);
    }
}
