package io.dock2ledger.intake;

import io.dock2ledger.audit.AuditTrail.Stage;
import io.dock2ledger.audit.AuditTrail;
import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.mapping.EventPreparation;
import io.dock2ledger.mapping.InboundDocument;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The intake of one partner document: map it to canonical events, enrich them against master data, validate
 * them against their schema ({@link EventPreparation}), store them and write their audit trail. What leaves here is
 * a valid canonical event in hub terms, ready to be queued for posting.
 */
public class EventIntake {

    private static final Logger log = LoggerFactory.getLogger(EventIntake.class);

    private final EventPreparation preparation;
    private final CanonicalEventStore events;
    private final AuditTrail audit;
    private final Clock clock;
    private final MeterRegistry meters;
    private final TransactionTemplate tx;

    public EventIntake(EventPreparation preparation, CanonicalEventStore events, AuditTrail audit, Clock clock,
                       MeterRegistry meters, TransactionTemplate tx) {
        this.preparation = preparation;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
        this.meters = meters;
        this.tx = tx;
    }

    /** Runs the partner's mapping; the events come back in partner terms with their envelope filled in. */
    public List<CanonicalEvent> map(InboundDocument document) {
        List<CanonicalEvent> events = preparation.map(document);
        if (events.isEmpty()) {
            meters.counter("dock2ledger.documents.without-events", "partner", document.partner(),
                    "type", document.documentType()).increment();
            log.info("{} {} in raw file {}: the mapping {} says it carries nothing for finance", document.partner(),
                    document.documentType(), document.rawFileId(), document.mapping());
        }
        return events;
    }

    /** Enriches and validates a mapped event without storing it (the webhook checks a whole document first). */
    public CanonicalEvent prepare(CanonicalEvent mapped) {
        return preparation.prepare(mapped);
    }

    /**
     * Enriches, validates, stores and audits one mapped event.
     *
     * @return the canonical event as JSON, for the posting queue
     * @throws HubException with the master-data or schema problem; nothing is stored then
     */
    public String accept(CanonicalEvent mapped) {
        Instant mappedAt = clock.instant();
        return store(preparation.prepare(mapped), mappedAt);
    }

    /** Stores and audits an event {@link #prepare prepared} before; returns it as JSON for the posting queue. */
    public String store(CanonicalEvent event) {
        return store(event, clock.instant());
    }

    /** The posting message's group (JMSXGroupID) for an event as queued, or null: see CanonicalEvent#orderingKey. */
    public String orderingKey(String eventJson) {
        return events.fromJson(eventJson).orderingKey().orElse(null);
    }

    private String store(CanonicalEvent event, Instant mappedAt) {
        // The event and its first three audit stages in one database commit, not four.
        tx.executeWithoutResult(status -> {
            boolean isNew = events.storeIfAbsent(event);
            String eventId = event.eventId();
            String origin = event.source().channel() + " " + event.source().documentType()
                    + (event.source().rawFileId() == null ? "" : ", raw file " + event.source().rawFileId());
            audit.record(eventId, Stage.RECEIVED, event.receivedAt(), origin + (isNew ? "" : " (seen before)"));
            audit.record(eventId, Stage.MAPPED, mappedAt, "mapping of " + event.source().partner());
            audit.record(eventId, Stage.VALIDATED, clock.instant(), "schema " + event.type() + " v" + event.schemaVersion());
        });
        meters.counter("dock2ledger.events.received", "partner", event.source().partner(), "type", event.type())
                .increment();
        return events.toJson(event);
    }
}
