package io.dock2ledger.posting;

import io.dock2ledger.audit.AuditTrail.Stage;
import io.dock2ledger.audit.AuditTrail;
import io.dock2ledger.audit.BatchedWrites;
import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.canonical.EventFingerprint;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.ExceptionRecorder;
import io.dock2ledger.posting.documents.FinanceDocument;
import io.dock2ledger.posting.documents.StoredDocument;
import io.dock2ledger.posting.rules.PostingEngine;
import io.dock2ledger.posting.rules.PostingOutcome;
import io.dock2ledger.posting.rules.PostingState;
import io.dock2ledger.posting.store.FinanceDocumentStore;
import io.dock2ledger.posting.store.IdempotencyKeys;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Posts one canonical event, exactly once: in one database transaction it checks the idempotency ledger, runs
 * the posting engine, stores the finance documents, hands them to the finance adapter, claims the ledger key and
 * writes the audit trail. Either all of it commits or none of it does.
 * <p>
 * An identical resend is recorded as a duplicate; a changed resend of a posted document becomes a
 * POSSIBLE_CORRECTION exception holding both versions, never a second posting. An event that waits for another
 * (its shipment, receipt or other transfer leg) is retried later by the route until {@code maxWait} has passed.
 */
public class EventPostingService {

    /** What happened to the event; the route retries WAITING events later. */
    public enum Status { POSTED, NOTHING_TO_POST, DUPLICATE, CORRECTION, WAITING, TIMED_OUT, REJECTED }

    public record Result(Status status, String eventId, String detail, String eventJson, Long waitingSince,
                         Long retryAt) {
        public boolean waiting() {
            return status == Status.WAITING;
        }

        /**
         * The posting route's log line for the event ({@code message: "${body}"}): what happened, to which event, why.
         * Not the record's own form, which would print the event's JSON; and one call, where Simple's
         * {@code ${body.status()}} and the like went through Camel's bean language, each a copy of the exchange.
         */
        @Override
        public String toString() {
            return status + " " + eventId + ": " + detail;
        }
    }

    private final CanonicalEventStore events;
    private final EventFingerprint fingerprint;
    private final IdempotencyKeys ledger;
    private final PostingEngine engine;
    private final PostingState state;
    private final FinanceDocumentStore documents;
    private final FinanceAdapter adapter;
    private final AuditTrail audit;
    private final ExceptionRecorder exceptions;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Duration maxWait;
    private final Duration retryDelay;
    private final Duration maxRetryDelay;
    private final PostingKpis kpis;

    public EventPostingService(CanonicalEventStore events, EventFingerprint fingerprint, IdempotencyKeys ledger,
                               PostingEngine engine, PostingState state, FinanceDocumentStore documents, FinanceAdapter adapter,
                               AuditTrail audit, ExceptionRecorder exceptions, TransactionTemplate tx, Clock clock,
                               MeterRegistry meters, Duration maxWait, Duration retryDelay, Duration maxRetryDelay) {
        this.events = events;
        this.fingerprint = fingerprint;
        this.ledger = ledger;
        this.engine = engine;
        this.state = state;
        this.documents = documents;
        this.adapter = adapter;
        this.audit = audit;
        this.exceptions = exceptions;
        this.tx = tx;
        this.clock = clock;
        this.meters = meters;
        this.maxWait = maxWait;
        this.retryDelay = retryDelay;
        this.maxRetryDelay = maxRetryDelay;
        this.kpis = new PostingKpis(meters);
    }

    /**
     * @param eventJson    the canonical event as queued
     * @param waitingSince epoch millis of the first attempt that had to wait, or null
     */
    public Result post(String eventJson, Long waitingSince) {
        CanonicalEvent event = events.fromJson(eventJson);
        // Inside a posting batch (PostingBatchContainer) the transaction is the batch's and this event posts in a
        // savepoint of it (tx is PROPAGATION_NESTED): a failure rolls back this event alone.
        boolean afterOthersOfBatch = PostingBatchMembers.heldBefore();
        List<Runnable> counted = new ArrayList<>();
        // Rows this event leaves for the batch's end (BatchedWrites) go with its savepoint when that rolls back.
        int deferred = BatchedWrites.mark();
        Result result;
        try {
            result = tx.execute(status -> postOnce(event, eventJson, waitingSince, counted));
        } catch (DuplicateKeyException | QueryTimeoutException | PessimisticLockingFailureException concurrentClaim) {
            BatchedWrites.discardFrom(deferred);
            if (afterOthersOfBatch) {
                // Waiting again while this batch holds the locks of its earlier events could deadlock two batches.
                throw new PostingBatchConflict(event.eventId(), concurrentClaim);
            }
            // Another consumer or instance held the same document's key longer than the database would wait for it
            // (H2: a lock timeout, error 50200), or a unique key of another table was taken concurrently; everything
            // we did rolled back. Decide again, now that its rows are visible.
            counted.clear();
            result = postAgain(event, eventJson, waitingSince, counted, deferred);
        } catch (RuntimeException failed) {
            BatchedWrites.discardFrom(deferred);
            throw failed;
        }
        Result decided = result;
        counted.add(() -> meters.counter("dock2ledger.events.posted", "type", event.type(), "outcome",
                decided.status().name(), "partner", String.valueOf(event.source().partner()),
                "warehouse", event.warehouse() == null ? "none" : event.warehouse()).increment());
        PostingBatchMembers.joined(counted);
        return result;
    }

    private Result postAgain(CanonicalEvent event, String eventJson, Long waitingSince, List<Runnable> counted,
                             int deferred) {
        try {
            return tx.execute(status -> postOnce(event, eventJson, waitingSince, counted));
        } catch (RuntimeException failed) {
            BatchedWrites.discardFrom(deferred);
            throw failed;
        }
    }

    private Result postOnce(CanonicalEvent event, String eventJson, Long waitingSince, List<Runnable> counted) {
        Result result = decide(event, eventJson, waitingSince, counted);
        events.settle(event.eventId(), switch (result.status()) {
            case POSTED -> "POSTED";
            case NOTHING_TO_POST -> "NOTHING_TO_POST";
            case DUPLICATE -> "DUPLICATE";
            case WAITING -> "WAITING";
            case CORRECTION, TIMED_OUT, REJECTED -> "FAILED"; // an exception with its owner holds it
        });
        return result;
    }

    private Result decide(CanonicalEvent event, String eventJson, Long waitingSince, List<Runnable> counted) {
        String partner = event.source().partner();
        String documentId = event.source().documentId();
        String print = fingerprint.of(event);
        // Claim the document's key before the engine runs. A concurrent posting of the same document (a copy read
        // beside the original) waits on this key until we commit, then finds it taken and is decided as a duplicate.
        // Claiming only after the engine let the copy run the engine too: it waited for our order-line lock, judged
        // the quantity we had just consumed and raised a false OVER_SHIPMENT (issue 8).
        if (!ledger.claim(partner, event.type(), documentId, print, event.eventId(), clock.instant())) {
            IdempotencyKeys.Entry posted = ledger.find(partner, event.type(), documentId).orElseThrow(() ->
                    new IllegalStateException("The ledger refused the key of " + documentId + " but has no entry"));
            return alreadyPosted(event, eventJson, print, posted);
        }
        PostingOutcome outcome = engine.post(event);
        if (outcome instanceof PostingOutcome.Posted p) {
            return deliver(event, eventJson, print, p.documents(), counted);
        }
        if (outcome instanceof PostingOutcome.NothingToPost n) {
            audit.record(event.eventId(), Stage.NOTHING_TO_POST, n.reason());
            return result(Status.NOTHING_TO_POST, event, n.reason(), eventJson);
        }
        // Not decided for good: give the key back, so the event (or a corrected resend) can post later.
        ledger.release(partner, event.type(), documentId);
        if (outcome instanceof PostingOutcome.Waiting w) {
            return waitOrGiveUp(event, eventJson, w.reason(), waitingSince);
        }
        PostingOutcome.Rejected r = (PostingOutcome.Rejected) outcome;
        exceptions.record(r.category(), partner, documentId, event.eventId(), r.reason(), "event:" + event.eventId());
        audit.record(event.eventId(), Stage.FAILED, r.category() + ": " + r.reason());
        return result(Status.REJECTED, event, r.reason(), eventJson);
    }

    private Result deliver(CanonicalEvent event, String eventJson, String print, List<FinanceDocument> produced,
                           List<Runnable> counted) {
        List<String> summary = new ArrayList<>();
        for (StoredDocument stored : documents.saveAll(produced, adapter::deliver)) {
            FinanceDocument doc = stored.document();
            summary.add(stored.documentNumber() + " " + doc.journalKind() + " " + doc.totalDebit() + " -> "
                    + stored.erpReference());
            counted.add(() -> meters.counter("dock2ledger.documents.posted", PostingKpis.tags(event, doc.entity())
                    .and("kind", doc.kind().name(), "journalKind", doc.journalKind(), "adapter", adapter.name())).increment());
        }
        audit.record(event.eventId(), Stage.POSTED, String.join("; ", summary));
        // Exceptions raised for this document before (an unknown item fixed in master data, then resubmitted) end here.
        exceptions.resolvePosted(event.source().partner(), event.source().documentId(),
                "posted by event " + event.eventId() + ": " + String.join("; ", summary));
        // Metrics count once the batch has committed (PostingBatchMembers), never for a posting that rolled back.
        Instant postedAt = clock.instant();
        counted.add(() -> kpis.posted(event, produced, postedAt));
        return result(Status.POSTED, event, String.join("; ", summary), eventJson);
    }

    private Result alreadyPosted(CanonicalEvent event, String eventJson, String print, IdempotencyKeys.Entry posted) {
        Optional<PostingState.HeldReturn> held = state.heldReturn(event.eventId());
        if (held.isPresent() && held.get().isSettled()) {
            // A return parked on HOLD/INSPECT whose final disposition arrived as another event of the same RMA:
            // that event posted the credit; this one is settled, not a correction.
            String detail = "held return settled by event " + held.get().settledByEventId();
            audit.record(event.eventId(), Stage.NOTHING_TO_POST, detail);
            return result(Status.NOTHING_TO_POST, event, detail, eventJson);
        }
        if (posted.fingerprint().equals(print)) {
            String detail = "already posted by event " + posted.eventId() + " at " + posted.postedAt();
            audit.record(event.eventId(), Stage.DUPLICATE, detail);
            return result(Status.DUPLICATE, event, detail, eventJson);
        }
        String reason = event.type() + " " + event.source().documentId() + " from " + event.source().partner()
                + " was posted at " + posted.postedAt() + " by event " + posted.eventId()
                + "; this resend (event " + event.eventId() + ") has different content. Nothing was posted: "
                + "compare both versions, and reverse and repost if the resend is a correction.";
        exceptions.record(ExceptionCategory.POSSIBLE_CORRECTION, event.source().partner(), event.source().documentId(),
                event.eventId(), reason, "event:" + event.eventId() + " posted:event:" + posted.eventId());
        audit.record(event.eventId(), Stage.FAILED, "POSSIBLE_CORRECTION: " + reason);
        return result(Status.CORRECTION, event, reason, eventJson);
    }

    private Result waitOrGiveUp(CanonicalEvent event, String eventJson, String reason, Long waitingSince) {
        Instant now = clock.instant();
        if (waitingSince == null) {
            audit.record(event.eventId(), Stage.WAITING, reason);
            return new Result(Status.WAITING, event.eventId(), reason, eventJson, now.toEpochMilli(),
                    now.plus(retryDelay).toEpochMilli());
        }
        Instant since = Instant.ofEpochMilli(waitingSince);
        if (Duration.between(since, now).compareTo(maxWait) > 0) {
            String detail = "waited since " + since + " (longer than " + maxWait + "): " + reason;
            exceptions.record(ExceptionCategory.DEPENDENCY_TIMEOUT, event.source().partner(), event.source().documentId(),
                    event.eventId(), detail, "event:" + event.eventId());
            audit.record(event.eventId(), Stage.FAILED, "DEPENDENCY_TIMEOUT: " + detail);
            return result(Status.TIMED_OUT, event, detail, eventJson);
        }
        return new Result(Status.WAITING, event.eventId(), reason, eventJson, waitingSince,
                now.plus(nextDelay(Duration.between(since, now))).toEpochMilli());
    }

    /**
     * Back off geometrically: wait again as long as the event has waited so far (so the retries come at 1, 2, 4, 8...
     * times the retry delay), at least the retry delay and at most {@code maxRetryDelay}. Many events waiting for
     * one late receipt then cost a handful of attempts each, not one per retry delay.
     */
    private Duration nextDelay(Duration waitedSoFar) {
        if (waitedSoFar.compareTo(retryDelay) < 0) {
            return retryDelay;
        }
        return waitedSoFar.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : waitedSoFar;
    }

    private static Result result(Status status, CanonicalEvent event, String detail, String eventJson) {
        return new Result(status, event.eventId(), detail, eventJson, null, null);
    }
}
