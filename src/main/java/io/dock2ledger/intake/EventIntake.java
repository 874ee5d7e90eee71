package io.dock2ledger.intake;

import io.dock2ledger.audit.AuditTrail.Stage;
import io.dock2ledger.audit.AuditTrail;
import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.CanonicalEventStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The step of routes/event-to-posting-queue.camel.yaml that stores a prepared canonical event (mapped, enriched and
 * validated by the map-document and prepare-event routes) with its first audit stages, and names its message group.
 * What leaves here is a valid canonical event in hub terms, as JSON for the posting queue.
 */
public class EventIntake {

    private final CanonicalEventStore events;
    private final AuditTrail audit;
    private final Clock clock;
    private final MeterRegistry meters;
    private final TransactionTemplate tx;

    public EventIntake(CanonicalEventStore events, AuditTrail audit, Clock clock, MeterRegistry meters,
                       TransactionTemplate tx) {
        this.events = events;
        this.audit = audit;
        this.clock = clock;
        this.meters = meters;
        this.tx = tx;
    }

    /** Stores and audits a prepared event; returns it as JSON for the posting queue. */
    public String store(CanonicalEvent event) {
        return store(event, clock.instant());
    }

    /**
     * The posting message's group (JMSXGroupID) for an event, or null: see CanonicalEvent#orderingKey. Taken from the
     * event in hand, not from the JSON just written for the queue (no parse per event).
     */
    public String orderingKey(CanonicalEvent event) {
        return event.orderingKey().orElse(null);
    }

    private String store(CanonicalEvent event, Instant mappedAt) {
        // The event and its first three audit stages in one database commit, not four.
        tx.executeWithoutResult(status -> {
            boolean isNew = events.storeIfAbsent(event);
            String eventId = event.eventId();
            String origin = event.source().channel() + " " + event.source().documentType()
                    + (event.source().rawFileId() == null ? "" : ", raw file " + event.source().rawFileId());
            // One JDBC batch for the three rows: three statements were 7 % of the intake thread (docs/performance.md).
            audit.recordAll(List.of(
                    new AuditTrail.Entry(eventId, Stage.RECEIVED, event.receivedAt(), origin + (isNew ? "" : " (seen before)")),
                    new AuditTrail.Entry(eventId, Stage.MAPPED, mappedAt, "mapping of " + event.source().partner()),
                    new AuditTrail.Entry(eventId, Stage.VALIDATED, clock.instant(),
                            "schema " + event.type() + " v" + event.schemaVersion())));
        });
        meters.counter("dock2ledger.events.received", "partner", event.source().partner(), "type", event.type())
                .increment();
        return events.toJson(event);
    }
}
