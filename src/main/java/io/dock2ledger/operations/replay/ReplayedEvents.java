package io.dock2ledger.operations.replay;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * The events a person replayed, one row each (table {@code replayed_event}, migration V74): the automation KPI
 * ({@code KpiQueries}) counts them as touched by a person. Who replayed them, when and why is in their audit trail
 * (stage REDRIVEN); this row only says that someone did, where the KPI's read finds it without reading every audit
 * row of every posted event.
 */
public class ReplayedEvents {

    private static final String MARK = "insert into replayed_event (event_seq, first_replayed_at) select e.seq, ? "
            + "from canonical_event e where e.event_id = ? "
            + "and not exists (select 1 from replayed_event r where r.event_seq = e.seq)";

    private final JdbcTemplate jdbc;

    public ReplayedEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Marks the event replayed, once: a later replay keeps the first time. */
    public void mark(String eventId, Instant at) {
        try {
            jdbc.update(MARK, Timestamp.from(at), eventId);
        } catch (DuplicateKeyException replayedAtTheSameTime) {
            // another replay of the same event marked it between the check and the insert: marked is all it needs
        }
    }
}
