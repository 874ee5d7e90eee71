package io.dock2ledger.mapping;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Documents whose mapping answered {@code []}, saying they carry nothing for finance (routes/map-document.camel.yaml):
 * not an error, but counted in {@code dock2ledger.documents.without-events{partner,type}} and logged, so that a mapping
 * that suddenly maps nothing shows.
 */
public class DocumentsWithoutEvents {

    private static final Logger log = LoggerFactory.getLogger(DocumentsWithoutEvents.class);

    private final MeterRegistry meters;

    public DocumentsWithoutEvents(MeterRegistry meters) {
        this.meters = meters;
    }

    public void record(InboundDocument document) {
        meters.counter("dock2ledger.documents.without-events", "partner", document.partner(),
                "type", document.documentType()).increment();
        log.info("{} {} in raw file {}: the mapping {} says it carries nothing for finance", document.partner(),
                document.documentType(), document.rawFileId(), document.mapping());
    }
}
