package io.dock2ledger.audit;

import io.dock2ledger.audit.AuditTrail.Entry;
import io.dock2ledger.audit.AuditTrail.Stage;
import io.dock2ledger.canonical.CanonicalEvent;

import java.time.Instant;
import java.util.List;

/**
 * An event's first three audit stages, RECEIVED, MAPPED and VALIDATED, from what its canonical_event row holds: when
 * and how it arrived, by whose mapping, against which schema, and when intake accepted it (migration V76). Intake
 * writes them as audit rows only for an event that arrives again, which has no row of its own; for a new event they
 * are read from its row ({@link AuditTrail#of}), three rows a shipment fewer to write.
 */
public record IntakeStages(String eventId, Instant receivedAt, Instant acceptedAt, String channel, String documentType,
                           String rawFileId, String partner, String eventType, String schemaVersion) {

    public static IntakeStages of(CanonicalEvent event, Instant acceptedAt) {
        return new IntakeStages(event.eventId(), event.receivedAt(), acceptedAt, event.source().channel(),
                event.source().documentType(), event.source().rawFileId(), event.source().partner(), event.type(),
                event.schemaVersion());
    }

    /** @param seenBefore whether the event had arrived before (its RECEIVED detail says so) */
    public List<Entry> entries(boolean seenBefore) {
        String origin = channel + " " + documentType + (rawFileId == null ? "" : ", raw file " + rawFileId);
        return List.of(
                new Entry(eventId, Stage.RECEIVED, receivedAt, origin + (seenBefore ? " (seen before)" : "")),
                new Entry(eventId, Stage.MAPPED, acceptedAt, "mapping of " + partner),
                new Entry(eventId, Stage.VALIDATED, acceptedAt, "schema " + eventType + " v" + schemaVersion));
    }
}
