package io.dock2ledger.audit;

import io.dock2ledger.canonical.CanonicalEventStore;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The stages each event went through, with timestamps: received, mapped, validated, queued, posted, duplicate,
 * waiting, failed. Written in the caller's transaction, so a stage is recorded exactly when its work commits.
 */
public class AuditTrail {

    public enum Stage { RECEIVED, MAPPED, VALIDATED, QUEUED, POSTED, NOTHING_TO_POST, DUPLICATE, WAITING, FAILED, REVERSED, REDRIVEN }

    public record Entry(String eventId, Stage stage, Instant at, String detail) {
    }

    private static final int DETAIL_LIMIT = 4000;

    /** A row carries its event's arrival number, the key it is found by. */
    private static final String INSERT = "insert into event_audit (event_seq, event_id, stage, at, detail) values ("
            + CanonicalEventStore.ARRIVAL_NUMBER + ", ?, ?, ?, ?)";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public AuditTrail(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void record(String eventId, Stage stage, String detail) {
        record(eventId, stage, clock.instant(), detail);
    }

    public void record(String eventId, Stage stage, Instant at, String detail) {
        // In a posting batch, written with the batch's other audit rows just before it commits (BatchedWrites).
        BatchedWrites.insert(jdbc, INSERT, eventId, eventId, stage.name(), Timestamp.from(at), truncate(detail));
    }

    /** Several stages at once, in this order: one JDBC batch (intake writes three for an event that arrives again). */
    public void recordAll(List<Entry> entries) {
        BatchedWrites.insertAll(jdbc, INSERT, entries.stream().map(e -> new Object[]{e.eventId(), e.eventId(),
                e.stage().name(), Timestamp.from(e.at()), truncate(e.detail())}).toList());
    }

    /**
     * The stages of a stored event, in the order they were recorded: its first arrival's RECEIVED, MAPPED and VALIDATED
     * from its own row ({@link IntakeStages}; an event stored before migration V76 has them as rows), then its rows,
     * found by the arrival number read with that row. Empty for an event the store does not hold.
     */
    public List<Entry> of(String eventId) {
        List<StoredEvent> stored = jdbc.query("""
                select seq, received_at, accepted_at, channel, document_type, raw_file_id, partner, event_type,
                    schema_version
                from canonical_event where event_id = ?""",
                (rs, n) -> new StoredEvent(rs.getLong(1), rs.getTimestamp(3) == null ? null
                        : new IntakeStages(eventId, rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getString(9))), eventId);
        if (stored.isEmpty()) {
            return List.of();
        }
        IntakeStages intake = stored.get(0).intake();
        List<Entry> stages = new ArrayList<>(intake == null ? List.of() : intake.entries(false));
        stages.addAll(jdbc.query("select event_id, stage, at, detail from event_audit where event_seq = ? order by id",
                (rs, n) -> new Entry(rs.getString(1), Stage.valueOf(rs.getString(2)), rs.getTimestamp(3).toInstant(),
                        rs.getString(4)), stored.get(0).seq()));
        return stages;
    }

    /** An event's arrival number, and its intake stages when its row holds them (stored since V76). */
    private record StoredEvent(long seq, IntakeStages intake) {
    }

    public static String truncate(String text) {
        return text == null || text.length() <= DETAIL_LIMIT ? text : text.substring(0, DETAIL_LIMIT - 1) + "…";
    }
}
