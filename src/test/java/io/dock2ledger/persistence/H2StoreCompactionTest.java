package io.dock2ledger.persistence;

import io.dock2ledger.DatabaseProperties;
import io.dock2ledger.H2StoreCompaction;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded H2 file under the hub's write pattern (rows keyed by name-based UUIDs, small durable commits): without
 * compaction passes it keeps growing, because every chunk keeps a few live pages; with them its emptiest chunks are
 * rewritten and freed. H2's retention time (45 s in the hub) is 0 here so that a freed chunk is reused at once.
 */
class H2StoreCompactionTest {

    private static final DatabaseProperties.H2Compaction HUB_DEFAULTS =
            new DatabaseProperties.H2Compaction(true, DataSize.ofMegabytes(2), 90);

    @Test
    void compactionPassesKeepABusyFileFromGrowingWithoutBound(@TempDir Path dir) throws Exception {
        long without = busyFile(dir.resolve("without"), false, new SimpleMeterRegistry());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        long with = busyFile(dir.resolve("with"), true, meters);

        // 10,000 rows: with 3,000 the table was small enough that its chunks sometimes died on their own (2.7 to 22 MB
        // without passes, by run); at 10,000, 56-57 MB without against 7-15 MB with, whatever ran before in the JVM.
        assertThat(with).as("file size with passes (%d) against without (%d)", with, without).isLessThan(without / 3);
        // One pass every 10 rows, each timed once, by whether it rewrote anything.
        assertThat(passes(meters, true) + passes(meters, false)).isEqualTo(1_000);
        assertThat(passes(meters, true)).as("passes that rewrote live pages").isPositive();
    }

    @Test
    void theGaugesTellTheFileSizeItsLiveShareAndWhatWasWritten(@TempDir Path dir) throws Exception {
        JdbcDataSource h2 = h2File(dir.resolve("gauges"));
        H2StoreCompaction compaction = new H2StoreCompaction(h2, HUB_DEFAULTS, new SimpleMeterRegistry());
        assertThat(compaction.fileBytes()).isEqualTo(-1);
        assertThat(compaction.writtenBytes()).isEqualTo(-1);
        try (Connection open = h2.getConnection()) {
            compaction.compact();
            long writtenAtOpen = compaction.writtenBytes();
            assertThat(writtenAtOpen).as("bytes written since the file opened").isNotNegative();

            write(open, 200, null);
            compaction.compact();
            assertThat(compaction.fileBytes()).isEqualTo(Files.size(dir.resolve("gauges.mv.db")));
            assertThat(compaction.chunksFillPercent()).isBetween(0L, 100L);
            // 40 commits (one every 5 rows), each a chunk of its own, of at least one 4 KiB block.
            assertThat(compaction.writtenBytes() - writtenAtOpen).isGreaterThanOrEqualTo(40L * 4096);
        }
    }

    @Test
    void switchedOffItDoesNothing(@TempDir Path dir) throws Exception {
        JdbcDataSource h2 = h2File(dir.resolve("off"));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        H2StoreCompaction off = new H2StoreCompaction(h2, new DatabaseProperties.H2Compaction(false,
                DataSize.ofMegabytes(2), 90), meters);
        try (Connection open = h2.getConnection()) {
            write(open, 200, null);
            assertThat(off.compact()).isFalse();
            assertThat(off.fileBytes()).isEqualTo(-1);
            assertThat(passes(meters, true) + passes(meters, false)).isZero();
        }
    }

    @Test
    void onPostgresqlAPassDoesNothing() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        H2StoreCompaction compaction = new H2StoreCompaction(Databases.freshPostgres(), HUB_DEFAULTS, meters);

        assertThat(compaction.compact()).isFalse();
        assertThat(compaction.compact()).isFalse();
        assertThat(compaction.fileBytes()).isEqualTo(-1);
        assertThat(compaction.chunksFillPercent()).isEqualTo(-1);
        assertThat(compaction.writtenBytes()).isEqualTo(-1);
        assertThat(passes(meters, true) + passes(meters, false)).as("no pass timed: there is nothing to compact").isZero();
    }

    /**
     * 10,000 rows written as the hub writes events, with or without a pass every 2 commits; the file's size while the
     * database is still open, as a running hub's is. (Measured after the close, the "without" file was 56-57 MB in most
     * runs and 8.6 MB in one: H2 compacts for up to MAX_COMPACT_TIME, 200 ms, when the last connection closes, and how
     * much it gets through in that time depends on the machine's load.)
     */
    private static long busyFile(Path base, boolean withPasses, MeterRegistry meters) throws Exception {
        JdbcDataSource h2 = h2File(base);
        H2StoreCompaction compaction = new H2StoreCompaction(h2, HUB_DEFAULTS, meters);
        try (Connection open = h2.getConnection()) {
            write(open, 10_000, withPasses ? compaction : null);
            return Files.size(Path.of(base + ".mv.db"));
        }
    }

    private static void write(Connection c, int rows, H2StoreCompaction passes) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("create table if not exists event(id varchar(36) primary key, document varchar(40), payload varchar(400))");
            s.execute("create index if not exists event_document on event(document)");
        }
        c.setAutoCommit(false);
        Random random = new Random(7);
        String payload = "p".repeat(300);
        try (PreparedStatement insert = c.prepareStatement("insert into event values (?, ?, ?)");
             PreparedStatement update = c.prepareStatement("update event set payload = ? where id = ?")) {
            for (int i = 1; i <= rows; i++) {
                insert.setString(1, id(i));
                insert.setString(2, "DOC-" + random.nextInt(1_000_000));
                insert.setString(3, payload);
                insert.executeUpdate();
                update.setString(1, payload + i);
                update.setString(2, id(1 + random.nextInt(i)));
                update.executeUpdate();
                if (i % 5 == 0) {
                    c.commit();
                    if (passes != null && i % 10 == 0) {
                        passes.compact();
                    }
                }
            }
            c.commit();
        }
    }

    /** Compaction passes timed, that rewrote live pages or not. */
    private static long passes(MeterRegistry meters, boolean rewritten) {
        return meters.get("dock2ledger.database.compaction").tag("rewritten", Boolean.toString(rewritten)).timer().count();
    }

    private static String id(int i) {
        return UUID.nameUUIDFromBytes(("event-" + i).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static JdbcDataSource h2File(Path base) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + base.toAbsolutePath() + ";WRITE_DELAY=0;RETENTION_TIME=0");
        ds.setUser("sa");
        return ds;
    }
}
