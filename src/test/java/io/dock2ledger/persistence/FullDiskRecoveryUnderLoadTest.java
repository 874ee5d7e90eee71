package io.dock2ledger.persistence;

import com.zaxxer.hikari.HikariDataSource;
import io.dock2ledger.ClosedDatabaseEviction;
import io.dock2ledger.ClosedDatabaseRecovery;
import io.dock2ledger.DatabaseProperties;
import io.dock2ledger.H2StoreCompaction;
import io.dock2ledger.H2StoreSync;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.unit.DataSize;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hub's H2 housekeeping and recovery together under load, through full disks one after another: eight writers
 * commit, {@link H2StoreSync} and {@link H2StoreCompaction} run beside them as their routes do (faster), and
 * {@link ClosedDatabaseRecovery} checks the database. Each cycle waits for 100 commits, fills the disk
 * (FullDiskFileSystem: the writes and syncs fail as ENOSPC does, and H2 closes the database) until the writers have
 * failed 20 times, frees it, and requires 50 new commits within 20 s. Without the eviction and the recovery it fails
 * by the second cycle (checked); a cycle that does not recover prints every thread of the JVM, so a hang shows where
 * it hangs. {@code -Dfulldisk.cycles} (5) for more cycles.
 */
class FullDiskRecoveryUnderLoadTest {

    @TempDir
    Path dir;

    @Test
    void theDatabaseComesBackAfterEveryFullDisk() throws Exception {
        FullDiskFileSystem.register();
        int cycles = Integer.getInteger("fulldisk.cycles", 5);
        ScheduledExecutorService background = Executors.newScheduledThreadPool(11);
        try (HikariDataSource pool = Databases.h2Pool("jdbc:h2:fulldisk:" + dir.resolve("db")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0", 20)) {
            pool.setConnectionTimeout(5000);
            pool.setExceptionOverrideClassName(ClosedDatabaseEviction.class.getName());
            JdbcTemplate jdbc = new JdbcTemplate(pool);
            jdbc.execute("create table t (id uuid primary key, payload varchar(400))");
            ClosedDatabaseRecovery recovery = new ClosedDatabaseRecovery(pool);
            H2StoreSync sync = new H2StoreSync(pool, new SimpleMeterRegistry());
            H2StoreCompaction compaction = new H2StoreCompaction(pool,
                    new DatabaseProperties.H2Compaction(true, DataSize.ofMegabytes(2), 90), new SimpleMeterRegistry());
            AtomicLong committed = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            ConcurrentHashMap<String, AtomicLong> errors = new ConcurrentHashMap<>();
            Runnable write = () -> {
                try {
                    jdbc.update("insert into t values (?, ?)", UUID.randomUUID(), "x".repeat(300));
                    committed.incrementAndGet();
                } catch (RuntimeException e) {
                    failed.incrementAndGet();
                    errors.computeIfAbsent(rootMessage(e), k -> new AtomicLong()).incrementAndGet();
                }
            };
            for (int w = 0; w < 8; w++) {
                background.scheduleWithFixedDelay(write, 0, 2, TimeUnit.MILLISECONDS);
            }
            background.scheduleWithFixedDelay(sync::sync, 0, 50, TimeUnit.MILLISECONDS);
            background.scheduleWithFixedDelay(compaction::compact, 0, 50, TimeUnit.MILLISECONDS);
            background.scheduleWithFixedDelay(recovery::check, 0, 200, TimeUnit.MILLISECONDS);

            for (int cycle = 0; cycle < cycles; cycle++) {
                long running = committed.get();
                await().atMost(Duration.ofSeconds(20)).until(() -> committed.get() >= running + 100);
                long failedBefore = failed.get();
                FullDiskFileSystem.fill();
                try {
                    await().atMost(Duration.ofSeconds(20)).until(() -> failed.get() >= failedBefore + 20);
                } finally {
                    FullDiskFileSystem.free();
                }
                long before = committed.get();
                try {
                    await().atMost(Duration.ofSeconds(20)).until(() -> committed.get() >= before + 50);
                } catch (ConditionTimeoutException e) {
                    System.out.println(threadDump());
                    System.out.println("pool: " + pool.getHikariPoolMXBean().getTotalConnections() + " total, "
                            + pool.getHikariPoolMXBean().getActiveConnections() + " active");
                }
                assertThat(committed.get()).as("commits after full disk %d (errors %s)", cycle, errors)
                        .isGreaterThanOrEqualTo(before + 50);
            }
        } finally {
            background.shutdownNow();
            assertThat(background.awaitTermination(10, TimeUnit.SECONDS)).as("background tasks stopped").isTrue();
        }
    }

    private static String threadDump() {
        StringBuilder dump = new StringBuilder();
        for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            dump.append(t);
            for (StackTraceElement e : t.getStackTrace()) {
                dump.append("    at ").append(e).append('\n');
            }
        }
        return dump.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        String m = String.valueOf(t.getMessage());
        return t.getClass().getSimpleName() + ": " + m.substring(0, Math.min(90, m.length()));
    }
}
