package io.dock2ledger.posting;

import io.dock2ledger.audit.AuditTrail.Stage;
import io.dock2ledger.audit.AuditTrail;
import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.config.HubProperties;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.ExceptionRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The safety net behind "nothing lost": finds accepted events that no posting decided (still ACCEPTED, or WAITING
 * past the longest wait) long after they arrived, and hands them back to the posting queue, where the idempotency
 * ledger makes a second delivery harmless. An event re-driven {@code maxRedrives} times without being decided becomes
 * an UNSETTLED_EVENT exception with its owner instead: visible, never silently forgotten.
 * <p>
 * It stands aside while the posting queue has a backlog older than a minute (those events may simply be queued), and
 * for events whose file is still in its inbox (its intake has not committed, or will read it again after a crash).
 */
public class UnsettledEvents {

    private static final Logger log = LoggerFactory.getLogger(UnsettledEvents.class);
    private static final int BATCH = 500;

    private final JdbcTemplate jdbc;
    private final CanonicalEventStore events;
    private final AuditTrail audit;
    private final ExceptionRecorder exceptions;
    private final HubProperties hub;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Supplier<Instant> oldestQueuedMessage;
    private final Duration unsettledAfter;
    private final Duration longestWait;
    private final int maxRedrives;

    /**
     * @param oldestQueuedMessage when the oldest message now on the posting queue was sent, or null when it is empty
     * @param longestWait         how long an event may legitimately wait for another (max wait plus one retry delay)
     */
    public UnsettledEvents(JdbcTemplate jdbc, CanonicalEventStore events, AuditTrail audit, ExceptionRecorder exceptions,
                           HubProperties hub, Clock clock, MeterRegistry meters, Supplier<Instant> oldestQueuedMessage,
                           Duration unsettledAfter, Duration longestWait, int maxRedrives) {
        this.jdbc = jdbc;
        this.events = events;
        this.audit = audit;
        this.exceptions = exceptions;
        this.hub = hub;
        this.clock = clock;
        this.meters = meters;
        this.oldestQueuedMessage = oldestQueuedMessage;
        this.unsettledAfter = unsettledAfter;
        this.longestWait = longestWait;
        this.maxRedrives = maxRedrives;
    }

    /** @return the events to post again, as canonical JSON for the posting queue (the route sends them) */
    public List<String> sweep() {
        Instant now = clock.instant();
        Instant oldestQueued = oldestQueuedMessage.get();
        if (oldestQueued != null && oldestQueued.isBefore(now.minus(Duration.ofMinutes(1)))) {
            log.debug("Posting queue has a backlog since {}: unsettled events are not swept now", oldestQueued);
            return List.of();
        }
        // One indexed range per status (ix_canonical_event_status): written as one "(status = A and ...) or (status = W
        // and ...)", H2 walked the status index from ACCEPTED to WAITING, i.e. every event of every status, and the
        // sweep's cost grew with the history (a third of a core at 500,000 shipments, docs/performance.md).
        List<Map<String, Object>> candidates = new ArrayList<>(unsettled("ACCEPTED", now.minus(unsettledAfter)));
        candidates.addAll(unsettled("WAITING", now.minus(longestWait).minus(unsettledAfter)));
        candidates.sort(Comparator.comparing(row -> instant(row.get("received_at"))));
        if (candidates.size() > BATCH) {
            candidates = new ArrayList<>(candidates.subList(0, BATCH));
        }
        List<String> redrive = new ArrayList<>();
        for (Map<String, Object> event : candidates) {
            String eventId = (String) event.get("event_id");
            String partner = (String) event.get("partner");
            String fileName = (String) event.get("file_name");
            if (fileName != null && Files.exists(hub.partnerFolder(partner).resolve("inbox").resolve(fileName))) {
                continue; // its file is still being read, or will be read again: the intake queues it
            }
            Map<String, Object> redrives = jdbc.queryForMap("select count(*) as n, max(at) as last from event_audit "
                    + "where event_seq = ? and stage = 'REDRIVEN'", event.get("seq"));
            int redriven = ((Number) redrives.get("n")).intValue();
            Duration patience = "WAITING".equals(event.get("status")) ? longestWait.plus(unsettledAfter) : unsettledAfter;
            if (redrives.get("last") != null && instant(redrives.get("last")).isAfter(now.minus(patience))) {
                continue; // re-driven lately: give that delivery its time
            }
            if (redriven >= maxRedrives) {
                String reason = "Event " + eventId + " (" + event.get("source_document") + ") was accepted but no posting "
                        + "decided it, although it was sent to the posting queue again " + redriven + " times. Nothing "
                        + "was posted for it; look for its messages in dock2ledger.events.dlq and at the posting log.";
                exceptions.record(ExceptionCategory.UNSETTLED_EVENT, partner, (String) event.get("source_document"),
                        eventId, reason, "event:" + eventId);
                audit.record(eventId, Stage.FAILED, "UNSETTLED_EVENT: " + reason);
                events.settle(eventId, "FAILED");
                meters.counter("dock2ledger.events.unsettled").increment();
                continue;
            }
            audit.record(eventId, Stage.REDRIVEN, "still " + event.get("status") + " since it arrived; sent to the "
                    + "posting queue again (" + (redriven + 1) + " of " + maxRedrives + ")");
            meters.counter("dock2ledger.events.redriven").increment();
            redrive.add((String) event.get("payload"));
        }
        if (!redrive.isEmpty()) {
            log.warn("Re-driving {} accepted events that no posting decided", redrive.size());
        }
        return redrive;
    }

    /**
     * A {@code timestamp with time zone} as the driver gives it: PostgreSQL's a Timestamp, H2's an OffsetDateTime (the
     * sort of the candidates once cast it to Date and failed on H2 whenever two events were unsettled).
     */
    private static Instant instant(Object timestamp) {
        if (timestamp instanceof Timestamp t) {
            return t.toInstant();
        }
        if (timestamp instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        throw new IllegalStateException("Unexpected time " + timestamp.getClass());
    }

    /** The oldest BATCH events in a status received before a time, with their raw file's name. */
    private List<Map<String, Object>> unsettled(String status, Instant receivedBefore) {
        return jdbc.queryForList("""
                select e.event_id, e.seq, e.partner, e.source_document, e.status, p.payload, e.received_at, r.file_name
                from canonical_event e %s left join raw_file r on r.id = e.raw_file_id
                where e.status = ? and e.received_at < ?
                order by e.received_at
                fetch first %d rows only""".formatted(CanonicalEventStore.WITH_PAYLOAD, BATCH),
                status, Timestamp.from(receivedBefore));
    }
}
