package io.dock2ledger.mapping;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.CanonicalSchemas;
import io.dock2ledger.canonical.EventFingerprint;
import io.dock2ledger.canonical.EventSource;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.HubException;
import io.dock2ledger.partners.PartnerFileNames;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * The pure part of intake, shared by the hub and the mapping command: partner document to mapped events (partner
 * terms), then each event enriched against master data, given its stable id and validated against its schema.
 * No database, no queue: what leaves {@link #prepare} is a valid canonical event ready to be stored.
 * <p>
 * Being pure, it can run ahead: {@link #readAhead} maps and prepares a file's documents on a pool of threads while the
 * file's thread stores and queues them in file order; {@link #map} and {@link #prepare} then hand out what was prepared
 * ahead (see {@link ReadAhead}).
 */
public class EventPreparation {

    private final PartnerMappings mappings;
    private final EventEnricher enricher;
    private final CanonicalSchemas schemas;
    private final EventFingerprint fingerprint;
    private final ObjectMapper json;
    private final ObjectReader strictEventReader;
    private final Clock clock;
    /** Maps ahead of the files' threads; null: every document is mapped on the thread that asks. */
    private final ExecutorService pool;
    private final int readAhead;
    private final ThreadLocal<ReadAhead> ahead = new ThreadLocal<>();

    public EventPreparation(PartnerMappings mappings, EventEnricher enricher, CanonicalSchemas schemas,
                            EventFingerprint fingerprint, ObjectMapper json, Clock clock) {
        this(mappings, enricher, schemas, fingerprint, json, clock, null, 0);
    }

    /**
     * @param pool      the threads that map ahead ({@link #readAhead}); null maps on the asking thread
     * @param readAhead how many documents of a file may be mapped ahead of the one being stored
     */
    public EventPreparation(PartnerMappings mappings, EventEnricher enricher, CanonicalSchemas schemas,
                            EventFingerprint fingerprint, ObjectMapper json, Clock clock, ExecutorService pool,
                            int readAhead) {
        this.mappings = mappings;
        this.enricher = enricher;
        this.schemas = schemas;
        this.fingerprint = fingerprint;
        this.json = json;
        this.strictEventReader = json.readerFor(CanonicalEvent.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.clock = clock;
        this.pool = pool;
        this.readAhead = readAhead;
    }

    /**
     * The same documents, in the same order, mapped and prepared on the pool ahead of the calling thread, which then
     * takes them through {@link #map} and {@link #prepare} as usual. Without a pool, the documents unchanged.
     */
    public Iterator<InboundDocument> readAhead(Iterator<InboundDocument> documents) {
        ReadAhead previous = ahead.get();
        if (previous != null) {
            previous.discard();
            ahead.remove();
        }
        if (pool == null || readAhead <= 0) {
            return documents;
        }
        ReadAhead file = new ReadAhead(documents, pool, readAhead, this::mapAndPrepare);
        ahead.set(file);
        return file;
    }

    /** Runs the partner's mapping; the events come back in partner terms with their envelope filled in. */
    public List<CanonicalEvent> map(InboundDocument document) {
        ReadAhead file = ahead.get();
        List<CanonicalEvent> mapped = file == null ? null : file.mapped(document);
        return mapped != null ? mapped : mapNow(document);
    }

    /**
     * Enriches one mapped event, gives it its id (the partner's own, else one derived from its content) and validates
     * it against its canonical schema.
     *
     * @throws HubException with the master-data or schema problem
     */
    public CanonicalEvent prepare(CanonicalEvent mapped) {
        ReadAhead file = ahead.get();
        CanonicalEvent prepared = file == null ? null : file.prepared(mapped);
        return prepared != null ? prepared : prepareNow(mapped);
    }

    private ReadAhead.Prepared mapAndPrepare(InboundDocument document) {
        List<CanonicalEvent> mapped;
        try {
            mapped = mapNow(document);
        } catch (RuntimeException e) {
            return new ReadAhead.Prepared(List.of(), List.of(), e);
        }
        List<ReadAhead.Outcome> outcomes = new ArrayList<>(mapped.size());
        for (CanonicalEvent event : mapped) {
            try {
                outcomes.add(new ReadAhead.Outcome(event, prepareNow(event), null));
            } catch (RuntimeException e) {
                outcomes.add(new ReadAhead.Outcome(event, null, e));
            }
        }
        return new ReadAhead.Prepared(mapped, outcomes, null);
    }

    private List<CanonicalEvent> mapNow(InboundDocument document) {
        if (document.mapping() == null) {
            throw new HubException(ExceptionCategory.UNKNOWN_DOCUMENT, "Partner " + document.partner()
                    + " declares no mapping for document type " + document.documentType());
        }
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

    private CanonicalEvent prepareNow(CanonicalEvent mapped) {
        CanonicalEvent enriched;
        try {
            enriched = enricher.enrich(mapped);
        } catch (RuntimeException e) {
            // A value no event may carry (a spreadsheet formula, a line break, an oversized text) is the reason, not
            // the master-data lookup it then failed: refused as SCHEMA_INVALID, owned by whoever owns the partner's
            // data, rather than as an unknown order or item with the formula in its reason.
            refuseIfAny(mapped, schemas.unsafeValues(json.valueToTree(mapped)));
            throw e;
        }
        String eventId = enriched.eventId() != null ? enriched.eventId()
                : EventFingerprint.eventIdFor(fingerprint.of(enriched));
        CanonicalEvent event = new CanonicalEvent(eventId, enriched.type(), enriched.schemaVersion(), enriched.source(),
                enriched.businessTime(), enriched.businessDate(), enriched.receivedAt(), enriched.warehouse(),
                enriched.locationCode(), enriched.references(), enriched.lines(), enriched.charge());
        // One schema validation per event, after enrichment: enrichment adds hub values (SKU, base quantity,
        // warehouse, business date) and keeps every partner value, so an unsafe one is still there to be found. It was
        // two, one before enrichment for unsafe values alone (docs/performance.md, twenty-fourth pass).
        refuseIfAny(event, schemas.problems(json.valueToTree(event)));
        return event;
    }

    /** @throws HubException SCHEMA_INVALID with the event's schema problems, if it has any */
    private static void refuseIfAny(CanonicalEvent event, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new HubException(ExceptionCategory.SCHEMA_INVALID, event.type() + " "
                    + PartnerFileNames.printable(event.source().documentId()) + " does not satisfy its canonical schema: " + String.join("; ", problems));
        }
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
