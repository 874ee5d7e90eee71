package io.dock2ledger.operations.reconciliation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The daily run (route {@code reconciliation-daily}): yesterday, in the configured zone, for every legal entity; each
 * (entity, day) claimed first so that only one hub instance reconciles it and raises its differences.
 */
public class DailyReconciliation {

    public static final String JOB = "reconciliation";
    private static final Logger log = LoggerFactory.getLogger(DailyReconciliation.class);

    public record EntityRun(String entity, LocalDate date, boolean ranHere, int differences, int raised) {
    }

    private final Reconciler reconciler;
    private final ReconciliationExceptions exceptions;
    private final RunClaims claims;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ReconciliationProperties properties;

    public DailyReconciliation(Reconciler reconciler, ReconciliationExceptions exceptions, RunClaims claims,
                               JdbcTemplate jdbc, Clock clock, ReconciliationProperties properties) {
        this.reconciler = reconciler;
        this.exceptions = exceptions;
        this.claims = claims;
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    /** Yesterday for every entity; called by the route. */
    public List<EntityRun> runYesterday() {
        return run(LocalDate.now(clock.withZone(properties.zone())).minusDays(1));
    }

    public List<EntityRun> run(LocalDate date) {
        List<EntityRun> runs = new ArrayList<>();
        for (String entity : jdbc.queryForList("select entity from md_entity order by entity", String.class)) {
            runs.add(run(entity, date));
        }
        return runs;
    }

    /** One entity's day, if no other instance has claimed it. */
    public EntityRun run(String entity, LocalDate date) {
        String key = entity + ":" + date;
        if (!claims.claim(JOB, key, properties.lease())) {
            log.info("Reconciliation of {} {} is claimed by another run; skipped here", entity, date);
            return new EntityRun(entity, date, false, 0, 0);
        }
        try {
            ReconciliationReport report = reconciler.reconcile(entity, date);
            int raised = exceptions.raise(report);
            String outcome = report.events() + " events, " + report.documents() + " documents, differences "
                    + report.differenceCount() + ", " + raised + " exceptions raised";
            claims.finish(JOB, key, outcome);
            log.info("Reconciled {} {} on {}: {}", entity, date, claims.instance(), outcome);
            return new EntityRun(entity, date, true, report.differences().size(), raised);
        } catch (RuntimeException e) {
            claims.release(JOB, key);
            throw e;
        }
    }

    /** On demand (operator): reconcile and raise now, whether or not the daily run has claimed the day. */
    public EntityRun runNow(String entity, LocalDate date) {
        ReconciliationReport report = reconciler.reconcile(entity, date);
        int raised = exceptions.raise(report);
        return new EntityRun(entity, date, true, report.differences().size(), raised);
    }
}
