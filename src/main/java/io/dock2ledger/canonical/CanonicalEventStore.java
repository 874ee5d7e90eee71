package io.dock2ledger.canonical;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

import java.io.UncheckedIOException;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Every canonical event the hub accepted, as it was queued for posting. Event ids are stable for the same
 * content, so storing an event that arrived before is a no-op (its audit trail records the new arrival).
 */
public class CanonicalEventStore {

    /**
     * An event's arrival number ({@code canonical_event.seq}, migration V72) as a scalar subquery of one parameter, the
     * event id; null for an event the store does not hold. The rows of an event (its audit stages, its finance
     * documents) are written with it and found by it: arrival numbers grow as events arrive, so a posting batch's rows
     * share index pages, where event ids (content hashes) took a page each.
     */
    public static final String ARRIVAL_NUMBER = "(select seq from canonical_event where event_id = ?)";

    /**
     * Joins an event's canonical JSON ({@code p.payload}) to {@code canonical_event e}: it is kept in a table of its
     * own, written once, so that status updates rewrite a narrow row (migration V79).
     */
    public static final String WITH_PAYLOAD = "join canonical_event_payload p on p.seq = e.seq";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public CanonicalEventStore(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Stores the event unless an event with its id is stored already; true if it was new. The check and the event's
     * insert are one statement, so it can run inside a larger transaction (a failed insert would abort a PostgreSQL
     * one). Its payload row is a second statement: call it in a transaction (intake's), for the two to commit together.
     */
    public boolean storeIfAbsent(CanonicalEvent event) {
        return storeIfAbsent(event, toJson(event), null);
    }

    /**
     * The same, as intake stores an event: with its JSON already written ({@link #toJson}), since intake sends that
     * same text to the posting queue (one serialisation an event, not two), and with the time it was accepted, mapped
     * and valid, which is its MAPPED and VALIDATED audit stages (AuditTrail#of, migration V76).
     */
    public boolean storeIfAbsent(CanonicalEvent event, String payload, Instant acceptedAt) {
        KeyHolder arrival = new GeneratedKeyHolder();
        int inserted = jdbc.update(connection -> {
            PreparedStatement insert = connection.prepareStatement("""
                    insert into canonical_event (event_id, event_type, schema_version, partner, document_type,
                        source_document, channel, raw_file_id, business_date, received_at, accepted_at, status)
                    select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ACCEPTED'
                    where not exists (select 1 from canonical_event where event_id = ?)""", new String[]{"seq"});
            new ArgumentPreparedStatementSetter(new Object[]{event.eventId(), event.type(), event.schemaVersion(),
                    event.source().partner(), event.source().documentType(), event.source().documentId(),
                    event.source().channel(), event.source().rawFileId(),
                    event.businessDate() == null ? null : Date.valueOf(event.businessDate()),
                    Timestamp.from(event.receivedAt()), acceptedAt == null ? null : Timestamp.from(acceptedAt),
                    event.eventId()}).setValues(insert);
            return insert;
        }, arrival);
        if (inserted == 0) {
            return false;
        }
        // The JSON apart, under the arrival number the insert gave (V79): the status updates that follow rewrite a
        // narrow row, not the payload.
        jdbc.update("insert into canonical_event_payload (seq, payload) values (?, ?)",
                arrival.getKeyAs(Long.class), payload);
        return true;
    }

    /**
     * Records how the posting side decided the event (POSTED, NOTHING_TO_POST, DUPLICATE, WAITING, FAILED), in the
     * transaction that decided it. Only an undecided event changes: a later copy of an event that posted (the same
     * content, so the same id) does not turn it into a DUPLICATE.
     */
    public void settle(String eventId, String status) {
        jdbc.update("update canonical_event set status = ? where event_id = ? and status in ('ACCEPTED', 'WAITING')",
                status, eventId);
    }

    /**
     * Makes a FAILED event undecided again before an operator resubmits it (issue 12), so the posting that follows
     * settles it (settle only moves undecided events) and the sweeper watches it like any accepted event.
     */
    public void reopen(String eventId) {
        jdbc.update("update canonical_event set status = 'ACCEPTED' where event_id = ? and status = 'FAILED'", eventId);
    }

    public Optional<CanonicalEvent> find(String eventId) {
        List<String> payloads = jdbc.queryForList("select p.payload from canonical_event e " + WITH_PAYLOAD
                + " where e.event_id = ?", String.class, eventId);
        return payloads.stream().findFirst().map(this::fromJson);
    }

    public String toJson(CanonicalEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public CanonicalEvent fromJson(String payload) {
        try {
            return json.readValue(payload, CanonicalEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Stored canonical event is not readable: " + e.getMessage(), e);
        }
    }
}
