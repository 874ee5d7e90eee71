package io.dock2ledger.persistence;

import com.zaxxer.hikari.HikariDataSource;
import io.dock2ledger.ClosedDatabaseEviction;
import io.dock2ledger.ClosedDatabaseRecovery;
import io.dock2ledger.DatabaseProperties;
import io.dock2ledger.H2StoreCompaction;
import io.dock2ledger.H2StoreSync;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.unit.DataSize;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hub's H2 housekeeping and recovery together under load, through full disks one after another: eight writers
 * commit, {@link H2StoreSync} and {@link H2StoreCompaction} run beside them as their routes do (faster), and
 * {@link ClosedDatabaseRecovery} checks the database. Each cycle fills the disk for a second (FullDiskFileSystem: the
 * writes and syncs fail as ENOSPC does, and H2 closes the database), frees it, and requires 50 new commits within
 * 20 s. Without the eviction and the recovery it fails at the first cycle (checked); a cycle that does not recover
 * prints every thread of the JVM, so a hang shows where it hangs. {@code -Dfulldisk.cycles} (5) for more cycles.
 */
class FullDiskRecoveryUnderLoadTest {

    @TempDir
    Path dir;

    @Test
    void theDatabaseComesBackAfterEveryFullDisk() throws Exception {
        FullDiskFileSystem.register();
        int cycles = Integer.getInteger("fulldisk.cycles", 5);
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl("jdbc:h2:fulldisk:" + dir.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0");
            pool.setUsername("sa");
            pool.setPassword("");
            pool.setMaximumPoolSize(20);
            pool.setConnectionTimeout(5000);
            pool.setExceptionOverrideClassName(ClosedDatabaseEviction.class.getName());
            JdbcTemplate jdbc = new JdbcTemplate(pool);
            jdbc.execute("create table t (id uuid primary key, payload varchar(400))");
            ClosedDatabaseRecovery recovery = new ClosedDatabaseRecovery(pool);
            H2StoreSync sync = new H2StoreSync(pool, new SimpleMeterRegistry());
            H2StoreCompaction compaction = new H2StoreCompaction(pool,
                    new DatabaseProperties.H2Compaction(true, DataSize.ofMegabytes(2), 90));
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong committed = new AtomicLong();
            ConcurrentHashMap<String, AtomicLong> errors = new ConcurrentHashMap<>();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                threads.add(start("writer-" + w, () -> {
                    while (running.get()) {
                        try {
                            jdbc.update("insert into t values (?, ?)", UUID.randomUUID(), "x".repeat(300));
                            committed.incrementAndGet();
                        } catch (RuntimeException e) {
                            errors.computeIfAbsent(rootMessage(e), k -> new AtomicLong()).incrementAndGet();
                            sleep(20);
                        }
                    }
                }));
            }
            threads.add(start("sync", () -> {
                while (running.get()) {
                    sync.sync();
                    sleep(50);
                }
            }));
            threads.add(start("compaction", () -> {
                while (running.get()) {
                    compaction.compact();
                    sleep(50);
                }
            }));
            threads.add(start("recovery", () -> {
                while (running.get()) {
                    recovery.check();
                    sleep(200);
                }
            }));
            try {
                for (int cycle = 0; cycle < cycles; cycle++) {
                    sleep(500 + cycle * 37 % 400);
                    FullDiskFileSystem.fill();
                    sleep(1000);
                    FullDiskFileSystem.free();
                    long before = committed.get();
                    long deadline = System.currentTimeMillis() + 20_000;
                    while (committed.get() < before + 50 && System.currentTimeMillis() < deadline) {
                        sleep(50);
                    }
                    if (committed.get() < before + 50) {
                        StringBuilder dump = new StringBuilder();
                        for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
                            dump.append(t);
                            for (StackTraceElement e : t.getStackTrace()) {
                                dump.append("    at ").append(e).append('\n');
                            }
                        }
                        System.out.println(dump);
                        System.out.println("errors: " + errors);
                        System.out.println("pool: " + pool.getHikariPoolMXBean().getTotalConnections() + " total, "
                                + pool.getHikariPoolMXBean().getActiveConnections() + " active");
                    }
                    assertThat(committed.get()).as("commits after full disk %d (errors %s)", cycle, errors)
                            .isGreaterThanOrEqualTo(before + 50);
                    System.out.println("cycle " + cycle + " recovered; errors so far " + errors.keySet());
                }
            } finally {
                running.set(false);
                for (Thread t : threads) {
                    t.join(5000);
                }
            }
        }
    }

    private static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.start();
        return t;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        String m = String.valueOf(t.getMessage());
        return t.getClass().getSimpleName() + ": " + m.substring(0, Math.min(90, m.length()));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
