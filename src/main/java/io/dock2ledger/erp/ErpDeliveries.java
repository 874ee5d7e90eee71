package io.dock2ledger.erp;

import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.ExceptionRecorder;
import io.dock2ledger.exceptions.HubException;
import io.dock2ledger.posting.DocumentRefusedException;
import io.dock2ledger.posting.ErpUnavailableException;
import io.dock2ledger.posting.FinanceAdapter;
import io.dock2ledger.posting.documents.StoredDocument;
import io.dock2ledger.posting.store.DeliveryOutbox;
import io.dock2ledger.posting.store.DeliveryOutbox.Delivery;
import io.dock2ledger.posting.store.FinanceDocumentStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The beans of the delivery route ({@code routes/finance-documents-to-erp.camel.yaml}): claim the due documents of
 * the outbox, then deliver each through its target's adapter, outside any database transaction, and record what the
 * ERP answered.
 * <ul>
 *   <li>The ERP has it: CONFIRMED with its id (or DELIVERED for a hand-over such as a file).</li>
 *   <li>The ERP cannot take it now ({@link ErpUnavailableException}): the document stays PENDING and is tried again
 *   with a growing delay; when the ERP said how long to wait (Retry-After, an open circuit) the whole target is
 *   paused, so no document of it is even claimed until then. Never FAILED for this, however long it lasts.</li>
 *   <li>The ERP refused it ({@link DocumentRefusedException}): FAILED with the reason and a DELIVERY_FAILED exception
 *   for its owner.</li>
 *   <li>Anything else (a malformed answer, a bug): retried up to {@code max-fault-attempts}, then FAILED.</li>
 * </ul>
 * An attempt whose outcome is unknown (a timeout after sending, or an instance that died mid-call and whose claim
 * expired) is followed by a look-up in the ERP before the document is sent again.
 */
public class ErpDeliveries {

    private static final Logger log = LoggerFactory.getLogger(ErpDeliveries.class);

    private final DeliveryOutbox outbox;
    private final FinanceDocumentStore documents;
    private final FinanceAdapters adapters;
    private final ExceptionRecorder exceptions;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ErpProperties.Delivery settings;
    private final String instance;
    private final Map<String, Instant> pausedUntil = new ConcurrentHashMap<>();

    public ErpDeliveries(DeliveryOutbox outbox, FinanceDocumentStore documents, FinanceAdapters adapters,
                         ExceptionRecorder exceptions, TransactionTemplate tx, Clock clock, MeterRegistry meters,
                         ErpProperties.Delivery settings, String instance) {
        this.outbox = outbox;
        this.documents = documents;
        this.adapters = adapters;
        this.exceptions = exceptions;
        this.tx = tx;
        this.clock = clock;
        this.meters = meters;
        this.settings = settings;
        this.instance = instance;
    }

    /** Claims up to a batch of due documents of the targets that are not paused, oldest first, one per order. */
    public List<Delivery> claimDue() {
        Instant now = clock.instant();
        Set<String> open = new TreeSet<>(adapters.names());
        open.removeIf(target -> paused(target, now));
        List<Delivery> claimed = new ArrayList<>();
        for (Delivery due : outbox.due(open, settings.batchSize())) {
            outbox.claim(due.documentId(), instance, now.plus(settings.claimFor())).ifPresent(claimed::add);
        }
        return claimed;
    }

    /** Delivers one claimed document; returns its new status for the route's log. */
    public String deliver(Delivery delivery) {
        String target = delivery.target();
        Instant now = clock.instant();
        if (paused(target, now)) {
            outbox.release(delivery.documentId(), pausedUntil.getOrDefault(target, now));
            return "PAUSED " + delivery.documentNumber();
        }
        FinanceAdapter adapter = adapters.get(target);
        StoredDocument document = documents.byNumber(delivery.documentNumber()).orElseThrow();
        boolean unknown = delivery.outcomeUnknown();
        try {
            if (unknown) {
                Optional<String> found = adapter.lookup(document);
                if (found.isPresent()) {
                    log.info("{} was already in {} as {} (found by look-up after an unanswered attempt)",
                            delivery.documentNumber(), target, found.get());
                    return delivered(delivery, adapter, found.get(), "found");
                }
                unknown = false;
            }
            if (adapter.writesToHubDatabase()) {
                return tx.execute(status -> delivered(delivery, adapter, adapter.deliver(document), "delivered"));
            }
            return delivered(delivery, adapter, adapter.deliver(document), "delivered");
        } catch (ErpUnavailableException e) {
            Duration wait = e.retryAfter() != null ? e.retryAfter() : backoff(delivery.attempts());
            if (e.retryAfter() != null) {
                pausedUntil.merge(target, now.plus(e.retryAfter()), (a, b) -> a.isAfter(b) ? a : b);
            }
            outbox.retryLater(delivery.documentId(), now.plus(wait), e.getMessage(), unknown || e.outcomeUnknown());
            meters.counter("dock2ledger.erp.deliveries", "target", target, "outcome", "unavailable").increment();
            log.info("{} waits for {} ({}), next try in {}", delivery.documentNumber(), target, e.getMessage(), wait);
            return "PENDING " + delivery.documentNumber();
        } catch (DocumentRefusedException e) {
            return failed(delivery, document, "refused by " + target + ": " + e.getMessage());
        } catch (HubException e) {
            // A refusal the adapter classified (Tryton's closed period: finance): its category and owner, no retries
            return failed(delivery, document, e.category(), "refused by " + target + ": " + e.getMessage());
        } catch (RuntimeException e) {
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (delivery.attempts() + 1 >= settings.maxFaultAttempts()) {
                return failed(delivery, document, "gave up after " + (delivery.attempts() + 1) + " attempts to "
                        + target + ": " + reason);
            }
            // The ERP may have taken it (an answer we could not read): look it up before the next try.
            outbox.retryLater(delivery.documentId(), now.plus(backoff(delivery.attempts())), reason, true);
            meters.counter("dock2ledger.erp.deliveries", "target", target, "outcome", "fault").increment();
            log.warn("{} to {} failed ({}), attempt {} of {}", delivery.documentNumber(), target, reason,
                    delivery.attempts() + 1, settings.maxFaultAttempts());
            return "PENDING " + delivery.documentNumber();
        }
    }

    /** Targets paused until a time (Retry-After, open circuit), for the health details. */
    public Map<String, Instant> pausedTargets() {
        Instant now = clock.instant();
        Map<String, Instant> paused = new java.util.TreeMap<>();
        pausedUntil.forEach((target, until) -> {
            if (until.isAfter(now)) {
                paused.put(target, until);
            }
        });
        return paused;
    }

    private boolean paused(String target, Instant now) {
        Instant until = pausedUntil.get(target);
        return until != null && until.isAfter(now);
    }

    private String delivered(Delivery delivery, FinanceAdapter adapter, String reference, String outcome) {
        DeliveryOutbox.Status status = adapter.confirms() ? DeliveryOutbox.Status.CONFIRMED
                : DeliveryOutbox.Status.DELIVERED;
        // One transaction for the delivery row, the document's ERP reference and the log line: nobody reads
        // CONFIRMED beside a reference still "pending:" (joins the adapter's transaction where there is one).
        tx.executeWithoutResult(s -> outbox.delivered(delivery.documentId(), status, reference, delivery.target()));
        meters.counter("dock2ledger.erp.deliveries", "target", delivery.target(), "outcome", outcome).increment();
        return status + " " + delivery.documentNumber() + " " + reference;
    }

    private String failed(Delivery delivery, StoredDocument document, String reason) {
        return failed(delivery, document, ExceptionCategory.DELIVERY_FAILED, reason);
    }

    private String failed(Delivery delivery, StoredDocument document, ExceptionCategory category, String reason) {
        tx.executeWithoutResult(status -> {
            outbox.failed(delivery.documentId(), reason);
            exceptions.record(category, document.document().sourcePartner(),
                    document.document().sourceDocument(), document.document().eventId(),
                    delivery.documentNumber() + " was not delivered: " + reason,
                    "document:" + delivery.documentNumber());
        });
        meters.counter("dock2ledger.erp.deliveries", "target", delivery.target(), "outcome", "failed").increment();
        return "FAILED " + delivery.documentNumber() + ": " + reason;
    }

    /** 1, 2, 4, 8... times the retry delay, at most the maximum. */
    private Duration backoff(int attempts) {
        Duration delay = settings.retryDelay().multipliedBy(1L << Math.min(attempts, 20));
        return delay.compareTo(settings.maxRetryDelay()) > 0 ? settings.maxRetryDelay() : delay;
    }
}
