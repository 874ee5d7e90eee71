package io.dock2ledger.intake;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.canonical.CanonicalSchemas;
import io.dock2ledger.canonical.EventFingerprint;
import io.dock2ledger.canonical.EventSource;
import io.dock2ledger.mapping.PartnerMappings;
import io.dock2ledger.operations.AuditTrail;
import io.dock2ledger.operations.AuditTrail.Stage;
import io.dock2ledger.operations.ExceptionCategory;
import io.dock2ledger.operations.HubException;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The intake of one partner document: map it to canonical events, enrich them against master data, validate
 * them against their schema, store them and write their audit trail. What leaves here is a valid canonical
 * event in hub terms, ready to be queued for posting.
 */
public class EventIntake {

    private final PartnerMappings mappings;
    private final EventEnricher enricher;
    private final CanonicalSchemas schemas;
    private final EventFingerprint fingerprint;
    private final CanonicalEventStore events;
    private final AuditTrail audit;
    private final ObjectMapper json;
    private final ObjectReader strictEventReader;
    private final Clock clock;
    private final MeterRegistry meters;

    public EventIntake(PartnerMappings mappings, EventEnricher enricher, CanonicalSchemas schemas,
                       EventFingerprint fingerprint, CanonicalEventStore events, AuditTrail audit,
                       ObjectMapper json, Clock clock, MeterRegistry meters) {
        this.mappings = mappings;
        this.enricher = enricher;
        this.schemas = schemas;
        this.fingerprint = fingerprint;
        this.events = events;
        this.audit = audit;
        this.json = json;
        this.strictEventReader = json.readerFor(CanonicalEvent.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.clock = clock;
        this.meters = meters;
    }

    /** Runs the partner's mapping; the events come back in partner terms with their envelope filled in. */
    public List<CanonicalEvent> map(InboundDocument document) {
        Instant receivedAt = clock.instant();
        List<CanonicalEvent> mapped = new ArrayList<>();
        for (JsonNode node : mappings.map(document.mapping(), document.content())) {
            CanonicalEvent event = read(node, document.mapping());
            EventSource declared = event.source();
            if (declared == null || declared.documentId() == null || declared.documentId().isBlank()) {
                throw new HubException(ExceptionCategory.MAPPING_FAILED,
                        "Mapping " + document.mapping() + " produced an event without source.documentId");
            }
            EventSource source = new EventSource(document.partner(), declared.system(), document.channel(),
                    document.documentType(), declared.documentId(), document.rawFileId());
            mapped.add(new CanonicalEvent(event.eventId(), event.type(), CanonicalEvent.SCHEMA_VERSION, source,
                    event.businessTime(), null, receivedAt, event.warehouse(), event.locationCode(),
                    event.references(), event.lines(), event.charge()));
        }
        return mapped;
    }

    /**
     * Enriches, validates, stores and audits one mapped event.
     *
     * @return the canonical event as JSON, for the posting queue
     * @throws HubException with the master-data or schema problem; nothing is stored then
     */
    public String accept(CanonicalEvent mapped) {
        Instant mappedAt = clock.instant();
        CanonicalEvent enriched = enricher.enrich(mapped);
        String eventId = enriched.eventId() != null ? enriched.eventId()
                : EventFingerprint.eventIdFor(fingerprint.of(enriched));
        CanonicalEvent event = new CanonicalEvent(eventId, enriched.type(), enriched.schemaVersion(), enriched.source(),
                enriched.businessTime(), enriched.businessDate(), enriched.receivedAt(), enriched.warehouse(),
                enriched.locationCode(), enriched.references(), enriched.lines(), enriched.charge());
        List<String> problems = schemas.problems(json.valueToTree(event));
        if (!problems.isEmpty()) {
            throw new HubException(ExceptionCategory.SCHEMA_INVALID, event.type() + " " + event.source().documentId()
                    + " does not satisfy its canonical schema: " + String.join("; ", problems));
        }
        boolean isNew = events.storeIfAbsent(event);
        String origin = event.source().channel() + " " + event.source().documentType()
                + (event.source().rawFileId() == null ? "" : ", raw file " + event.source().rawFileId());
        audit.record(eventId, Stage.RECEIVED, event.receivedAt(), origin + (isNew ? "" : " (seen before)"));
        audit.record(eventId, Stage.MAPPED, mappedAt, "mapping of " + event.source().partner());
        audit.record(eventId, Stage.VALIDATED, clock.instant(), "schema " + event.type() + " v" + event.schemaVersion());
        meters.counter("dock2ledger.events.received", "partner", event.source().partner(), "type", event.type())
                .increment();
        return events.toJson(event);
    }

    private CanonicalEvent read(JsonNode node, String mapping) {
        try {
            return strictEventReader.readValue(node);
        } catch (IOException e) {
            throw new HubException(ExceptionCategory.MAPPING_FAILED,
                    "Mapping " + mapping + " produced an event the canonical model cannot read: " + e.getMessage(), e);
        }
    }
}
