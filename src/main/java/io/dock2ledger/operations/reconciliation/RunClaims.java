package io.dock2ledger.operations.reconciliation;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Makes a scheduled job run on one hub instance only, when several share the database: the instance whose insert of
 * the (job, run key) row succeeds runs it; the others find the row and skip. A claim still RUNNING after its lease
 * (its instance died mid-run) may be taken over by one instance, with a conditional update.
 * <p>
 * Why a claim row and not Camel's cluster service: Camel has no JDBC-backed cluster service (its implementations need
 * a shared file system, ZooKeeper, Consul or Kubernetes, none of which the hub has), a leader election would need a
 * heartbeat and still not say whether today's run happened, and the row is the same primary-key claim the hub already
 * uses for inbox files ({@code camel_messageprocessed}) and postings ({@code posting_ledger}), visible in SQL.
 */
public class RunClaims {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final String instance;

    public RunClaims(JdbcTemplate jdbc, Clock clock, String instance) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.instance = instance;
    }

    public String instance() {
        return instance;
    }

    /** True if this instance now holds the run: it inserted the row, or took over a claim older than {@code lease}. */
    public boolean claim(String job, String runKey, Duration lease) {
        Instant now = clock.instant();
        try {
            jdbc.update("""
                    insert into operations_run_claim (job, run_key, claimed_by, claimed_at, status)
                    values (?, ?, ?, ?, 'RUNNING')""", job, runKey, instance, Timestamp.from(now));
            return true;
        } catch (DuplicateKeyException taken) {
            return jdbc.update("""
                    update operations_run_claim set claimed_by = ?, claimed_at = ?
                    where job = ? and run_key = ? and status = 'RUNNING' and claimed_at < ?""",
                    instance, Timestamp.from(now), job, runKey, Timestamp.from(now.minus(lease))) == 1;
        }
    }

    public void finish(String job, String runKey, String outcome) {
        jdbc.update("""
                update operations_run_claim set status = 'DONE', finished_at = ?, outcome = ?
                where job = ? and run_key = ? and claimed_by = ?""",
                Timestamp.from(clock.instant()), outcome.length() > 4000 ? outcome.substring(0, 4000) : outcome,
                job, runKey, instance);
    }

    /** Gives a failed run back, so the next tick (or another instance) runs it again. */
    public void release(String job, String runKey) {
        jdbc.update("delete from operations_run_claim where job = ? and run_key = ? and claimed_by = ? and status = 'RUNNING'",
                job, runKey, instance);
    }
}
