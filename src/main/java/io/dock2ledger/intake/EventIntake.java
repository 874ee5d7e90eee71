package io.dock2ledger.intake;

import io.dock2ledger.audit.AuditTrail;
import io.dock2ledger.audit.IntakeStages;
import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.config.MessageSizeLimit;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.HubException;
import io.dock2ledger.partners.PartnerFileNames;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;

/**
 * The step of routes/event-to-posting-queue.camel.yaml that stores a prepared canonical event (mapped, enriched and
 * validated by the map-document and prepare-event routes) with its first audit stages (for a new event, its row is
 * them: IntakeStages), and names its message group.
 * What leaves here is a valid canonical event in hub terms, as JSON for the posting queue.
 */
public class EventIntake {

    private final CanonicalEventStore events;
    private final AuditTrail audit;
    private final Clock clock;
    private final MeterRegistry meters;
    private final TransactionTemplate tx;
    private final MessageSizeLimit largest;
    private final IntakeChunks chunks;

    public EventIntake(CanonicalEventStore events, AuditTrail audit, Clock clock, MeterRegistry meters,
                       TransactionTemplate tx, MessageSizeLimit largest) {
        this(events, audit, clock, meters, tx, largest, null);
    }

    /** @param chunks told the size of each event queued, so that a file's chunk is bounded in bytes too; null: none */
    public EventIntake(CanonicalEventStore events, AuditTrail audit, Clock clock, MeterRegistry meters,
                       TransactionTemplate tx, MessageSizeLimit largest, IntakeChunks chunks) {
        this.events = events;
        this.audit = audit;
        this.clock = clock;
        this.meters = meters;
        this.tx = tx;
        this.largest = largest;
        this.chunks = chunks;
    }

    /**
     * Stores and audits a prepared event; returns it as JSON for the posting queue.
     *
     * @throws HubException EVENT_TOO_LARGE, before anything is stored, if its posting message would be larger than the
     *                      hub's broker takes as an ordinary message (MessageSizeLimit)
     */
    public String store(CanonicalEvent event) {
        // Serialised once: the stored payload and the posting message are the same text.
        String payload = events.toJson(event);
        if (!largest.fits(payload)) {
            int lines = event.lines() == null ? 0 : event.lines().size();
            throw new HubException(ExceptionCategory.EVENT_TOO_LARGE, event.type() + " "
                    + PartnerFileNames.printable(event.source().documentId()) + " with " + lines + " lines is "
                    + payload.length() + " characters of JSON, more than the " + largest.maxTextLength()
                    + " one posting message may carry (dock2ledger.broker.max-message-size " + largest
                    + "): split the document into smaller ones, or raise the limit");
        }
        Instant acceptedAt = clock.instant();
        tx.executeWithoutResult(status -> {
            // A new event's row is its first three audit stages (IntakeStages, migration V76): no audit row to write.
            if (!events.storeIfAbsent(event, payload, acceptedAt)) {
                // It arrived before and has its row already: this arrival is three audit rows, in one JDBC batch.
                audit.recordAll(IntakeStages.of(event, acceptedAt).entries(true));
            }
        });
        if (chunks != null) {
            chunks.queued(MessageSizeLimit.bytesOf(payload));
        }
        meters.counter("dock2ledger.events.received", "partner", event.source().partner(), "type", event.type())
                .increment();
        return payload;
    }
}
