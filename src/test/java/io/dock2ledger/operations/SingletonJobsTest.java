package io.dock2ledger.operations;

import io.dock2ledger.config.HubInstance;
import io.dock2ledger.persistence.Databases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Singleton jobs on several hub instances sharing one database: one runs each job, a dead one's job moves on. */
class SingletonJobsTest {

    private static final Duration LEASE = Duration.ofMinutes(3);
    private static final String JOB = "outbound-acks-overdue";

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void ofInstancesWhoseTimersFireTogetherExactlyOneRunsTheJobEachTurn(String database) throws Exception {
        DataSource db = database(database);
        MovingClock clock = new MovingClock(Instant.parse("2026-12-01T20:00:00Z"));
        List<SingletonJobs> instances = List.of(jobs(db, "hub-1", clock), jobs(db, "hub-2", clock), jobs(db, "hub-3", clock));
        int turns = 40;
        int[] runs = new int[instances.size()];
        CyclicBarrier together = new CyclicBarrier(instances.size());
        ExecutorService pool = Executors.newFixedThreadPool(instances.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int n = 0; n < instances.size(); n++) {
                int me = n;
                done.add(pool.submit(() -> {
                    for (int turn = 0; turn < turns; turn++) {
                        together.await();
                        if (instances.get(me).claim(JOB + "-" + turn)) {
                            synchronized (runs) {
                                runs[me]++;
                            }
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
        assertThat(runs[0] + runs[1] + runs[2]).as("each of %d jobs run by exactly one instance", turns).isEqualTo(turns);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void theHolderKeepsItsJobAndADeadHoldersJobMovesOnAfterTheLease(String database) {
        DataSource db = database(database);
        MovingClock clock = new MovingClock(Instant.parse("2026-12-01T20:00:00Z"));
        SingletonJobs first = jobs(db, "hub-1", clock);
        SingletonJobs second = jobs(db, "hub-2", clock);

        assertThat(first.claim(JOB)).isTrue();
        for (int minute = 1; minute <= 10; minute++) {
            clock.advance(Duration.ofMinutes(1));
            assertThat(second.claim(JOB)).as("minute %d: the holder still runs it", minute).isFalse();
            assertThat(first.claim(JOB)).as("minute %d: the holder renews on each run", minute).isTrue();
        }

        // hub-1 is killed: it renews no more
        clock.advance(LEASE.minusSeconds(1));
        assertThat(second.claim(JOB)).isFalse();
        clock.advance(Duration.ofSeconds(2));
        assertThat(second.claim(JOB)).as("the lease expired: the job moves to a live instance").isTrue();
        assertThat(second.holder(JOB)).hasValueSatisfying(h -> assertThat(h).startsWith("hub-2"));
        assertThat(first.claim(JOB)).as("hub-1 back (a restart is a new holder anyway): hub-2 keeps the job").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void anInstanceThatStopsHandsItsJobsOverAtOnce(String database) {
        DataSource db = database(database);
        MovingClock clock = new MovingClock(Instant.parse("2026-12-01T20:00:00Z"));
        SingletonJobs stopping = jobs(db, "hub-1", clock);
        SingletonJobs other = jobs(db, "hub-2", clock);
        assertThat(stopping.claim(JOB)).isTrue();
        assertThat(stopping.claim("unsettled-events-to-finance")).isTrue();

        stopping.releaseAll();

        assertThat(other.claim(JOB)).isTrue();
        assertThat(other.claim("unsettled-events-to-finance")).isTrue();
    }

    private static SingletonJobs jobs(DataSource db, String instance, Clock clock) {
        return new SingletonJobs(new JdbcTemplate(db), new HubInstance(instance + "/1/test"), clock, LEASE);
    }

    private static DataSource database(String name) {
        return name.equals("h2") ? Databases.freshH2() : Databases.freshPostgres();
    }

    private static final class MovingClock extends Clock {
        private volatile Instant now;

        MovingClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
