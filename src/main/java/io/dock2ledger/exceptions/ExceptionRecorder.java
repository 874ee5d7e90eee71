package io.dock2ledger.exceptions;

import io.dock2ledger.audit.AuditTrail;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Stores exception records (category, owner, partner, source document, reason, payload reference) and counts
 * them by category in the metric {@code dock2ledger.exceptions.raised}.
 */
public class ExceptionRecorder {

    private static final Logger log = LoggerFactory.getLogger(ExceptionRecorder.class);

    private final JdbcTemplate jdbc;
    private final ExceptionOwners owners;
    private final Clock clock;
    private final MeterRegistry meters;
    private final List<ExceptionListener> listeners;

    public ExceptionRecorder(JdbcTemplate jdbc, ExceptionOwners owners, Clock clock, MeterRegistry meters) {
        this(jdbc, owners, clock, meters, List.of());
    }

    public ExceptionRecorder(JdbcTemplate jdbc, ExceptionOwners owners, Clock clock, MeterRegistry meters,
                             List<ExceptionListener> listeners) {
        this.jdbc = jdbc;
        this.owners = owners;
        this.clock = clock;
        this.meters = meters;
        this.listeners = List.copyOf(listeners);
    }

    public void record(ExceptionCategory category, String partner, String sourceDocument, String eventId,
                       String reason, String payloadRef) {
        String owner = owners.ownerOf(category, partner);
        jdbc.update("""
                insert into hub_exception (category, owner, status, partner, source_document, event_id, reason,
                                           payload_ref, created_at)
                values (?, ?, 'OPEN', ?, ?, ?, ?, ?, ?)""",
                category.name(), owner, bounded(partner, 64), bounded(sourceDocument, 512), bounded(eventId, 64),
                AuditTrail.truncate(reason), bounded(payloadRef, 1024), Timestamp.from(clock.instant()));
        meters.counter("dock2ledger.exceptions.raised", "category", category.name(), "owner", owner).increment();
        log.warn("Exception {} for {} ({} {}), owner {}: {}", category, sourceDocument, partner, eventId, owner, reason);
        if (!listeners.isEmpty()) {
            Runnable tell = () -> listeners.forEach(listener -> {
                try {
                    listener.recorded(category, partner, sourceDocument, eventId, reason, payloadRef);
                } catch (RuntimeException e) {
                    // A notice that cannot be written must not undo the record of the failure itself.
                    log.warn("Exception listener {} failed for {}: {}", listener.getClass().getSimpleName(),
                            sourceDocument, e.toString());
                }
            });
            afterCommit(tell);
        }
    }

    /** Runs after the current transaction commits (never for one that rolls back), or now when there is none. */
    private static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }

    /**
     * A value cut to its column's width (hub_exception, V1__hub_core.sql). The values come from partners (a document id
     * of thousands of characters, a file name): refusing to record the exception because its subject is too long
     * would fail the error handler itself, and the file would be read again and again, never quarantined.
     */
    private static String bounded(String value, int width) {
        return value == null || value.length() <= width ? value : value.substring(0, width - 1) + "…";
    }

    /**
     * Resolves the open exceptions of one category for one source document, when the hub itself saw their cause go
     * away (a late acknowledgment for an overdue document).
     *
     * @return how many were resolved
     */
    public int resolve(ExceptionCategory category, String partner, String sourceDocument, String resolvedBy) {
        int resolved = jdbc.update("""
                update hub_exception set status = 'RESOLVED', resolved_at = ?, resolved_by = ?
                where status = 'OPEN' and category = ? and partner = ? and source_document = ?""",
                Timestamp.from(clock.instant()), resolvedBy, category.name(), partner, sourceDocument);
        if (resolved > 0) {
            log.info("Resolved {} open {} for {} ({})", resolved, category, sourceDocument, resolvedBy);
        }
        return resolved;
    }

    /**
     * Resolves the open exceptions of a document that has now posted (issue 12: an exception raised before a
     * master-data fix must not stay OPEN once its document posts). Called in the posting transaction, so the
     * resolution commits with the posting or not at all; one indexed query (partner, source document) per posting.
     *
     * @return how many were resolved
     */
    public int resolvePosted(String partner, String documentId, String note) {
        List<Long> ids = jdbc.queryForList("""
                select id from hub_exception where partner = ? and source_document = ? and status = 'OPEN'""",
                Long.class, partner, documentId);
        Instant now = clock.instant();
        for (long id : ids) {
            jdbc.update("""
                    update hub_exception set status = 'RESOLVED', resolved_at = ?, resolved_by = 'hub', resolution = ?
                    where id = ? and status = 'OPEN'""", Timestamp.from(now), AuditTrail.truncate(note), id);
            action(id, "RESOLVED", "hub", note);
        }
        if (!ids.isEmpty()) {
            log.info("Resolved {} open exception(s) of {} {}: {}", ids.size(), partner, documentId, note);
        }
        return ids.size();
    }

    /**
     * Closes an open exception without fixing anything: the operator decided the document is not to be posted (a
     * test file, a document the ERP got another way), and says why.
     *
     * @return false when it is not open (already resolved or discarded, or unknown)
     */
    public boolean discard(long id, String actor, String reason) {
        int changed = jdbc.update("""
                update hub_exception set status = 'DISCARDED', resolved_at = ?, resolved_by = ?, resolution = ?
                where id = ? and status = 'OPEN'""", Timestamp.from(clock.instant()), bounded(actor, 128),
                AuditTrail.truncate(reason), id);
        if (changed == 1) {
            action(id, "DISCARDED", actor, reason);
        }
        return changed == 1;
    }

    /**
     * Closes an open exception as RESOLVED by a person's action whose outcome the hub knows at once (a resubmitted
     * POSSIBLE_CORRECTION whose document stays posted once), with the note saying what was decided.
     *
     * @return false when it is not open
     */
    public boolean close(long id, String actor, String action, String note) {
        int changed = jdbc.update("""
                update hub_exception set status = 'RESOLVED', resolved_at = ?, resolved_by = ?, resolution = ?
                where id = ? and status = 'OPEN'""", Timestamp.from(clock.instant()), bounded(actor, 128),
                AuditTrail.truncate(note), id);
        if (changed == 1) {
            action(id, action, actor, note);
        }
        return changed == 1;
    }

    /**
     * Gives an exception to another owner (a team or a person).
     *
     * @return false when it is unknown
     */
    public boolean assign(long id, String actor, String owner) {
        Optional<ExceptionRecord> before = find(id);
        if (before.isEmpty()) {
            return false;
        }
        jdbc.update("update hub_exception set owner = ? where id = ?", bounded(owner, 128), id);
        action(id, "ASSIGNED", actor, "from " + before.get().owner() + " to " + owner);
        return true;
    }

    /** Keeps what was done to an exception, by whom and when. */
    public void action(long id, String action, String actor, String detail) {
        jdbc.update("insert into exception_action (exception_id, action, actor, at, detail) values (?, ?, ?, ?, ?)",
                id, action, bounded(actor, 128), Timestamp.from(clock.instant()), AuditTrail.truncate(detail));
    }

    public List<ExceptionAction> actions(long id) {
        return jdbc.query("select exception_id, action, actor, at, detail from exception_action where exception_id = ? "
                        + "order by at, id",
                (rs, n) -> new ExceptionAction(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getString(5)), id);
    }

    public Optional<ExceptionRecord> find(long id) {
        return jdbc.query(SELECT + " where id = ?", RECORD, id).stream().findFirst();
    }

    public List<ExceptionRecord> byStatus(String status) {
        return search(ExceptionFilter.status(status));
    }

    public List<ExceptionRecord> search(ExceptionFilter filter) {
        StringBuilder sql = new StringBuilder(SELECT).append(" where 1 = 1");
        List<Object> args = new ArrayList<>();
        condition(sql, args, "status = ?", filter.status());
        condition(sql, args, "owner = ?", filter.owner());
        condition(sql, args, "category = ?", filter.category() == null ? null : filter.category().name());
        condition(sql, args, "partner = ?", filter.partner());
        condition(sql, args, "created_at < ?", filter.createdBefore() == null ? null : Timestamp.from(filter.createdBefore()));
        condition(sql, args, "created_at >= ?", filter.createdAfter() == null ? null : Timestamp.from(filter.createdAfter()));
        sql.append(" order by created_at, id");
        return jdbc.query(sql.toString(), RECORD, args.toArray());
    }

    /** An open exception and the number of aging thresholds already notified for it. */
    public record Aging(ExceptionRecord exception, int notifiedLevel) {
    }

    /** Open exceptions raised before {@code before} that have not been notified for every threshold yet. */
    public List<Aging> openForAging(Instant before, int levels) {
        return jdbc.query(SELECT.replace("resolution\n", "resolution, aging_level\n")
                        + " where status = 'OPEN' and created_at < ? and aging_level < ? order by created_at, id",
                (rs, n) -> new Aging(RECORD.mapRow(rs, n), rs.getInt(14)), Timestamp.from(before), levels);
    }

    /**
     * Records that an exception passed aging threshold {@code level}; false when another hub instance (or an earlier
     * check) already did, so each threshold notifies once across a cluster.
     */
    public boolean markAged(long id, int fromLevel, int toLevel) {
        return jdbc.update("update hub_exception set aging_level = ? where id = ? and aging_level = ? and status = 'OPEN'",
                toLevel, id, fromLevel) == 1;
    }

    /** The owners that hold exceptions, for the workbench's filter. */
    public List<String> owners() {
        return jdbc.queryForList("select distinct owner from hub_exception order by owner", String.class);
    }

    private static void condition(StringBuilder sql, List<Object> args, String condition, Object value) {
        if (value != null && !(value instanceof String text && text.isBlank())) {
            sql.append(" and ").append(condition);
            args.add(value);
        }
    }

    private static final String SELECT = """
            select id, category, owner, status, partner, source_document, event_id, reason, payload_ref, created_at,
                   resolved_at, resolved_by, resolution
            from hub_exception""";

    private static final RowMapper<ExceptionRecord> RECORD = (rs, n) -> new ExceptionRecord(rs.getLong(1),
            ExceptionCategory.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getTimestamp(10).toInstant(),
            rs.getTimestamp(11) == null ? null : rs.getTimestamp(11).toInstant(), rs.getString(12), rs.getString(13));
}
