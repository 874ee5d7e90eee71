package io.dock2ledger.operations;

import io.dock2ledger.config.HubInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jobs that must run on one hub instance at a time although every instance has their timer: the overdue
 * acknowledgments check, the sweeper of unsettled events, the stuck inbox files check (and reconciliation, when it
 * exists). Each run first asks {@link #claim}: the instance holding the job's lease in the shared database
 * ({@code hub_job_lease}, V50) runs it and extends the lease; the others skip their turn.
 * <p>
 * Why a lease and not a row lock held while the job runs: a lease needs no connection kept open, survives a short
 * database outage, and when its holder dies (kill -9) the next instance whose timer fires after the expiry takes the
 * job over, with nobody to call. Why not let every instance run them: the overdue check would mark and report an
 * acknowledgment twice, and two sweepers would redrive the same stuck event twice (harmless to the ledger, which
 * makes the second a DUPLICATE, but noise for operators and load for the broker).
 * <p>
 * The lease outlives the job's period (set {@code dock2ledger.cluster.job-lease} above the longest period), so the
 * holder renews it on every run and keeps the job; the instances' clocks must agree within a fraction of it (NTP),
 * as they must for the file read locks.
 */
public class SingletonJobs {

    private static final Logger LOG = LoggerFactory.getLogger(SingletonJobs.class);

    private final JdbcTemplate jdbc;
    private final HubInstance instance;
    private final Clock clock;
    private final Duration lease;
    private final Map<String, Boolean> holding = new ConcurrentHashMap<>();

    public SingletonJobs(JdbcTemplate jdbc, HubInstance instance, Clock clock, Duration lease) {
        this.jdbc = jdbc;
        this.instance = instance;
        this.clock = clock;
        this.lease = lease;
    }

    /**
     * True when this instance holds (or has just taken, or renewed) the job's lease and should run the job now. Each
     * step is one statement, so of two instances asking at the same moment one gets true.
     */
    public boolean claim(String job) {
        Instant now = clock.instant();
        Timestamp until = Timestamp.from(now.plus(lease));
        boolean held = jdbc.update("update hub_job_lease set holder = ?, expires_at = ? "
                        + "where job = ? and (holder = ? or expires_at < ?)",
                instance.id(), until, job, instance.id(), Timestamp.from(now)) == 1;
        if (!held) {
            try {
                held = jdbc.update("insert into hub_job_lease (job, holder, expires_at) values (?, ?, ?)",
                        job, instance.id(), until) == 1;
            } catch (DataIntegrityViolationException anotherHoldsIt) {
                held = false;
            }
        }
        Boolean before = holding.put(job, held);
        if (held && !Boolean.TRUE.equals(before)) {
            LOG.info("This instance ({}) runs the singleton job {} now", instance, job);
        } else if (!held && Boolean.TRUE.equals(before)) {
            LOG.warn("This instance ({}) lost the lease of the singleton job {}: another instance runs it", instance, job);
        }
        return held;
    }

    /** Gives the job up (at shutdown), so another instance takes it at its next turn instead of after the expiry. */
    public void releaseAll() {
        int released = jdbc.update("delete from hub_job_lease where holder = ?", instance.id());
        if (released > 0) {
            LOG.info("Released {} singleton job lease(s) of {}", released, instance);
        }
    }

    /** The instance holding a job's unexpired lease, if any (for operators and tests). */
    public java.util.Optional<String> holder(String job) {
        return jdbc.query("select holder from hub_job_lease where job = ? and expires_at >= ?",
                (rs, i) -> rs.getString(1), job, Timestamp.from(clock.instant())).stream().findFirst();
    }
}
