package io.dock2ledger.exceptions;

import io.dock2ledger.audit.AuditTrail;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

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

    public ExceptionRecorder(JdbcTemplate jdbc, ExceptionOwners owners, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.owners = owners;
        this.clock = clock;
        this.meters = meters;
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

    public List<ExceptionRecord> byStatus(String status) {
        return jdbc.query("""
                select id, category, owner, status, partner, source_document, event_id, reason, payload_ref, created_at
                from hub_exception where status = ? order by created_at, id""",
                (rs, n) -> new ExceptionRecord(rs.getLong(1), ExceptionCategory.valueOf(rs.getString(2)),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getString(8), rs.getString(9), rs.getTimestamp(10).toInstant()),
                status);
    }
}
