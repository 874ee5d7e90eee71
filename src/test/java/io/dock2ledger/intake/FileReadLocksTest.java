package io.dock2ledger.intake;

import io.dock2ledger.config.HubInstance;
import io.dock2ledger.persistence.Databases;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbox read locks of several hub instances on one database (issue 13): one claim wins, always; a dead
 * instance's lock is taken over once, by one instance; nobody releases or renews a lock it does not hold.
 */
class FileReadLocksTest {

    private static final String PROCESSOR = "partner-inbox-to-canonical";
    private static final Duration MAX_AGE = Duration.ofSeconds(60);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(10);

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    /**
     * The race found in the first two-hub run, replayed step by step with Camel's JdbcOrphanLockAwareIdempotentRepository
     * (the inbox routes' repository until issue 13): instance B counts the live locks of a file (none), instance A's
     * claim commits, B counts all locks (one), takes that for a dead instance's lock and "takes it over". Both
     * instances hold the file and both read it. If a Camel upgrade makes this test fail, Camel fixed the race.
     */
    @Test
    void camelsOrphanAwareRepositoryLetsTwoInstancesClaimOneFile() throws Exception {
        DataSource db = Databases.freshPostgres();
        String file = "/data/partners/acme-3pl/inbox/charges_2026-11-27.csv";
        DefaultCamelContext camel = new DefaultCamelContext();
        opened.add(camel);
        JdbcOrphanLockAwareIdempotentRepository a = camelRepository(db, camel, null);
        AtomicInteger claimsByA = new AtomicInteger();
        JdbcOrphanLockAwareIdempotentRepository b = camelRepository(db, camel, () -> {
            if (a.add(file)) {
                claimsByA.incrementAndGet();
            }
        });

        boolean bClaimed = b.add(file);

        assertThat(claimsByA).as("A's claim committed between B's two counts").hasValue(1);
        assertThat(bClaimed).as("B believes it holds the file too: the double read").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void ofTwoInstancesClaimingTheSameFilesAtTheSameMomentExactlyOneWinsEachFile(String database) throws Exception {
        DataSource db = database(database);
        FileReadLocks a = locks(db, "hub-1", Clock.systemUTC());
        FileReadLocks b = locks(db, "hub-2", Clock.systemUTC());
        int files = 100;
        Map<String, AtomicInteger> winners = new ConcurrentHashMap<>();
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (FileReadLocks instance : List.of(a, b)) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < files; i++) {
                        String file = "/data/partners/acme-3pl/inbox/shipments_" + i + ".csv";
                        together.await();
                        if (instance.add(file)) {
                            winners.computeIfAbsent(file, f -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(winners).hasSize(files);
        assertThat(winners.values()).allSatisfy(n -> assertThat(n).hasValue(1));
        assertThat(a.held().size() + b.held().size()).isEqualTo(files);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aLockNotRenewedForTheMaximumAgeIsTakenOverOnceAndItsOldHolderCannotReleaseIt(String database) {
        DataSource db = database(database);
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T20:00:00Z"));
        FileReadLocks dead = locks(db, "hub-1", clock);
        FileReadLocks second = locks(db, "hub-2", clock);
        FileReadLocks third = locks(db, "hub-3", clock);
        String file = "/data/partners/acme-3pl/inbox/shipments_1.csv";

        assertThat(dead.add(file)).isTrue();
        clock.advance(MAX_AGE.minusSeconds(1));
        assertThat(second.add(file)).as("still within its maximum age: its holder may be reading it").isFalse();
        assertThat(second.contains(file)).isTrue();

        clock.advance(Duration.ofSeconds(2));
        assertThat(second.add(file)).as("not renewed for the maximum age: its holder died, the file is read again").isTrue();
        assertThat(third.add(file)).as("taken over once: the new holder's claim is fresh").isFalse();

        assertThat(dead.remove(file)).as("the old holder cannot release the new holder's lock").isFalse();
        dead.renew();
        assertThat(dead.held()).as("the old holder learns it lost the lock").isEmpty();
        assertThat(holder(db, file)).startsWith("hub-2");

        assertThat(second.remove(file)).isTrue();
        assertThat(third.add(file)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void theHolderRenewsItsLocksSoTheyAreNeverTakenOverWhileItReads(String database) {
        DataSource db = database(database);
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T20:00:00Z"));
        FileReadLocks reader = locks(db, "hub-1", clock);
        FileReadLocks other = locks(db, "hub-2", clock);
        String file = "/data/partners/acme-3pl/inbox/large.csv";
        assertThat(reader.add(file)).isTrue();

        for (int i = 0; i < 10; i++) {
            clock.advance(KEEP_ALIVE);
            reader.renew();
            assertThat(other.add(file)).as("after %d s of reading", (i + 1) * KEEP_ALIVE.toSeconds()).isFalse();
        }
        assertThat(reader.held()).containsExactly(file);
    }

    /**
     * The disk-full scenario of the fault-injection suite: H2 closed itself while a file was read, so the rollback could
     * not release the file's lock. Its holder polls the file again once the database is back and must take its own
     * lock back at once, not wait out the maximum age as for a dead instance's lock (60 s, during which the file stayed
     * in the inbox); a lock it does not need again is released by the keep-alive, so another instance may read it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aLockWhoseReleaseFailedIsTakenBackByItsHolderAtOnceOrReleasedByTheKeepAlive(String database) {
        SwitchableDataSource db = new SwitchableDataSource(database(database));
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T20:00:00Z"));
        FileReadLocks reader = locks(db, "hub-1", clock);
        FileReadLocks other = locks(db, "hub-2", clock);
        String rolledBack = "/data/partners/acme-3pl/inbox/shipments_F001.csv";
        String moved = "/data/partners/acme-3pl/inbox/shipments_F002.csv";
        assertThat(reader.add(rolledBack)).isTrue();
        assertThat(reader.add(moved)).isTrue();

        db.down = true;
        assertThat(reader.remove(rolledBack)).as("the database is away: not released").isFalse();
        assertThat(reader.remove(moved)).isFalse();
        reader.renew();
        assertThat(reader.unreleased()).containsExactlyInAnyOrder(rolledBack, moved);
        db.down = false;

        clock.advance(Duration.ofSeconds(1));
        assertThat(other.add(rolledBack)).as("the row is still there, within its maximum age").isFalse();
        assertThat(reader.add(rolledBack)).as("its holder polls it again: its own lock, taken back at once").isTrue();
        assertThat(reader.held()).containsExactly(rolledBack);
        clock.advance(MAX_AGE.plusSeconds(1));
        reader.renew();
        assertThat(other.add(rolledBack)).as("taken back, so renewed like any lock it holds").isFalse();

        assertThat(reader.unreleased()).as("released by the keep-alive").isEmpty();
        assertThat(other.add(moved)).as("released, so free for anyone at once").isTrue();
        assertThat(holder(db, moved)).startsWith("hub-2");
    }

    @Test
    void aLockWrittenByAnInstanceOfThePreviousReleaseIsHonoured() {
        DataSource db = Databases.freshH2();
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T20:00:00Z"));
        String file = "/data/partners/acme-3pl/inbox/old.csv";
        new JdbcTemplate(db).update("insert into camel_messageprocessed (processorname, messageid, createdat) values (?, ?, ?)",
                PROCESSOR, file, Timestamp.from(clock.instant()));
        FileReadLocks upgraded = locks(db, "hub-2", clock);

        assertThat(upgraded.add(file)).isFalse();
        clock.advance(MAX_AGE.plusSeconds(1));
        assertThat(upgraded.add(file)).isTrue();
    }

    private FileReadLocks locks(DataSource db, String instance, Clock clock) {
        FileReadLocks locks = new FileReadLocks(new JdbcTemplate(db), PROCESSOR, new HubInstance(instance + "/1/test"),
                clock, MAX_AGE, KEEP_ALIVE);
        opened.add(locks);
        return locks;
    }

    private static DataSource database(String name) {
        return name.equals("h2") ? Databases.freshH2() : Databases.freshPostgres();
    }

    private static String holder(DataSource db, String file) {
        return new JdbcTemplate(db).queryForObject("select holder from camel_messageprocessed where messageid = ?",
                String.class, file);
    }

    /** Camel's repository as IntakeConfiguration made it, with a hook run right after its first (live-lock) count. */
    private JdbcOrphanLockAwareIdempotentRepository camelRepository(DataSource db, DefaultCamelContext camel,
                                                                    Runnable afterFirstCount) {
        JdbcOrphanLockAwareIdempotentRepository repository =
                new JdbcOrphanLockAwareIdempotentRepository(db, PROCESSOR, camel) {
                    private boolean hooked;

                    @Override
                    protected int queryForInt(String key) {
                        int live = super.queryForInt(key);
                        if (afterFirstCount != null && !hooked) {
                            hooked = true;
                            // another instance, on its own connection, claims the file now
                            Thread other = new Thread(afterFirstCount);
                            other.start();
                            try {
                                other.join();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                        return live;
                    }
                };
        repository.setCreateTableIfNotExists(false);
        repository.setLockMaxAgeMillis(MAX_AGE.toMillis());
        repository.setLockKeepAliveIntervalMillis(KEEP_ALIVE.toMillis());
        repository.start();
        opened.add(repository::stop);
        return repository;
    }

    /** A database that can be taken away: every new connection fails, as H2's do once it closed itself. */
    private static final class SwitchableDataSource extends DelegatingDataSource {
        volatile boolean down;

        SwitchableDataSource(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (down) {
                throw new SQLException("The database has been closed [90098-232]", "90098", 90098);
            }
            return super.getConnection();
        }
    }

    /** A clock the test moves forward. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
