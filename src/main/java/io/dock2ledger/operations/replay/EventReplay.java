package io.dock2ledger.operations.replay;

import io.dock2ledger.audit.AuditTrail;
import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.canonical.EventFingerprint;
import io.dock2ledger.posting.rules.PostingEngine;
import io.dock2ledger.posting.rules.PostingOutcome;
import io.dock2ledger.posting.rules.PostingState;
import io.dock2ledger.posting.store.IdempotencyKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Re-drives stored canonical events through the normal path: the posting queue, then the posting service with its
 * idempotency ledger, so a posted document stays posted (the replay is audited as DUPLICATE) and a changed one becomes
 * a POSSIBLE_CORRECTION, never a second posting.
 * <p>
 * A dry run sends nothing and writes nothing: for each event it reads the ledger and runs the posting engine in a
 * transaction that is always rolled back, and says what would happen (would post, duplicate, correction, nothing to
 * post, still waiting or still failing, and why).
 */
public class EventReplay {

    private static final Logger log = LoggerFactory.getLogger(EventReplay.class);

    private final JdbcTemplate jdbc;
    private final CanonicalEventStore events;
    private final EventFingerprint fingerprint;
    private final IdempotencyKeys ledger;
    private final PostingEngine engine;
    private final PostingState state;
    private final TransactionTemplate tx;
    private final PostingQueue queue;
    private final AuditTrail audit;
    private final ReplayedEvents replayed;
    private final Clock clock;
    private final int maxEvents;

    public EventReplay(JdbcTemplate jdbc, CanonicalEventStore events, EventFingerprint fingerprint,
                       IdempotencyKeys ledger, PostingEngine engine, PostingState state, TransactionTemplate tx,
                       PostingQueue queue, AuditTrail audit, ReplayedEvents replayed, Clock clock, int maxEvents) {
        this.jdbc = jdbc;
        this.events = events;
        this.fingerprint = fingerprint;
        this.ledger = ledger;
        this.engine = engine;
        this.state = state;
        this.tx = tx;
        this.queue = queue;
        this.audit = audit;
        this.replayed = replayed;
        this.clock = clock;
        this.maxEvents = maxEvents;
    }

    /** Thrown when a request selects nothing by design (no criteria) or more than the configured maximum. */
    public static class RefusedReplay extends RuntimeException {
        public RefusedReplay(String message) {
            super(message);
        }
    }

    public ReplayResult replay(ReplayRequest request, String requestedBy) {
        List<Selected> selected = select(request);
        List<ReplayOutcome> outcomes = new ArrayList<>();
        for (Selected s : selected) {
            outcomes.add(request.dryRun() ? predict(s) : send(s, requestedBy));
        }
        ReplayResult result = ReplayResult.of(request.dryRun(), requestedBy, clock.instant(), outcomes);
        log.info("Replay{} by {}: {} events selected ({}), {}", request.dryRun() ? " (dry run)" : "", requestedBy,
                selected.size(), describe(request), result.verdicts());
        return result;
    }

    private ReplayOutcome send(Selected s, String requestedBy) {
        queue.send(s.json, s.event.orderingKey().orElse(null));
        audit.record(s.eventId, AuditTrail.Stage.REDRIVEN, "replayed by " + requestedBy + " (status was " + s.status + ")");
        replayed.mark(s.eventId, clock.instant());
        return outcome(s, ReplayVerdict.QUEUED, "sent to the posting queue; its audit trail shows the decision");
    }

    /** What the posting service would decide now, without deciding: the same checks, rolled back. */
    private ReplayOutcome predict(Selected s) {
        CanonicalEvent event = s.event;
        Optional<IdempotencyKeys.Entry> posted = ledger.find(event.source().partner(), event.type(),
                event.source().documentId());
        if (posted.isPresent()) {
            Optional<PostingState.HeldReturn> held = state.heldReturn(event.eventId());
            if (held.isPresent() && held.get().isSettled()) {
                return outcome(s, ReplayVerdict.NOTHING_TO_POST, "held return settled by event " + held.get().settledByEventId());
            }
            if (posted.get().fingerprint().equals(fingerprint.of(event))) {
                return outcome(s, ReplayVerdict.DUPLICATE, "already posted by event " + posted.get().eventId() + " at "
                        + posted.get().postedAt() + ": a replay changes nothing");
            }
            return outcome(s, ReplayVerdict.CORRECTION, "posted by event " + posted.get().eventId()
                    + " with other content: a replay would raise POSSIBLE_CORRECTION, not post");
        }
        PostingOutcome outcome = tx.execute(status -> {
            status.setRollbackOnly();
            return engine.post(event);
        });
        if (outcome instanceof PostingOutcome.Posted p) {
            return outcome(s, ReplayVerdict.WOULD_POST, p.documents().stream()
                    .map(d -> d.journalKind() + " " + d.entity() + " " + d.postingDate() + " " + d.totalDebit())
                    .collect(Collectors.joining("; ")));
        }
        if (outcome instanceof PostingOutcome.NothingToPost n) {
            return outcome(s, ReplayVerdict.NOTHING_TO_POST, n.reason());
        }
        if (outcome instanceof PostingOutcome.Waiting w) {
            return outcome(s, ReplayVerdict.STILL_WAITING, w.reason());
        }
        PostingOutcome.Rejected r = (PostingOutcome.Rejected) outcome;
        return outcome(s, ReplayVerdict.STILL_FAILING, r.category() + ": " + r.reason());
    }

    private List<Selected> select(ReplayRequest request) {
        if (!request.selectsSomething()) {
            throw new RefusedReplay("Name the events to replay: eventIds, partner, sourceDocument, from or to");
        }
        StringBuilder where = new StringBuilder("1 = 1");
        List<Object> args = new ArrayList<>();
        if (!request.eventIds().isEmpty()) {
            where.append(" and event_id in (").append(String.join(",", request.eventIds().stream().map(id -> "?").toList()))
                    .append(')');
            args.addAll(request.eventIds());
        }
        if (request.partner() != null) {
            where.append(" and partner = ?");
            args.add(request.partner());
        }
        if (request.sourceDocument() != null) {
            where.append(" and source_document = ?");
            args.add(request.sourceDocument());
        }
        if (request.from() != null) {
            where.append(" and received_at >= ?");
            args.add(Timestamp.from(request.from()));
        }
        if (request.to() != null) {
            where.append(" and received_at < ?");
            args.add(Timestamp.from(request.to()));
        }
        Integer count = jdbc.queryForObject("select count(*) from canonical_event where " + where, Integer.class,
                args.toArray());
        if (count != null && count > maxEvents) {
            throw new RefusedReplay("The request selects " + count + " events, more than the " + maxEvents
                    + " one replay may re-drive (dock2ledger.replay.max-events): narrow it");
        }
        return jdbc.query("select e.event_id, e.status, p.payload from canonical_event e "
                        + CanonicalEventStore.WITH_PAYLOAD + " where " + where + " order by e.received_at, e.event_id",
                (rs, n) -> new Selected(rs.getString(1), rs.getString(2), rs.getString(3), events.fromJson(rs.getString(3))),
                args.toArray());
    }

    private static ReplayOutcome outcome(Selected s, ReplayVerdict verdict, String detail) {
        return new ReplayOutcome(s.eventId, s.event.source().partner(), s.event.type(), s.event.source().documentId(),
                s.status, verdict, detail);
    }

    private static String describe(ReplayRequest r) {
        return "ids " + r.eventIds().size() + ", partner " + r.partner() + ", source " + r.sourceDocument()
                + ", from " + r.from() + ", to " + r.to();
    }

    private record Selected(String eventId, String status, String json, CanonicalEvent event) {
    }
}
