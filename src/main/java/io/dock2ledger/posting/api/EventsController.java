package io.dock2ledger.posting.api;

import io.dock2ledger.audit.AuditTrail;
import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.posting.documents.StoredDocument;
import io.dock2ledger.posting.store.FinanceDocumentStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.List;

@RestController
@RequestMapping("/api/v1/events")
@Tag(name = "Events", description = "Canonical events and their audit trail")
public class EventsController {

    /** An event, every stage it went through, and the documents it produced. */
    public record EventView(CanonicalEvent event, List<AuditTrail.Entry> audit, List<StoredDocument> documents) {
    }

    private final CanonicalEventStore events;
    private final AuditTrail audit;
    private final FinanceDocumentStore documents;

    public EventsController(CanonicalEventStore events, AuditTrail audit, FinanceDocumentStore documents) {
        this.events = events;
        this.audit = audit;
        this.documents = documents;
    }

    @GetMapping("/{eventId}")
    @Operation(summary = "A canonical event with its audit trail",
            description = "The event as it was queued for posting, the stages it went through with timestamps "
                    + "(received, mapped, validated, posted, duplicate, waiting, failed) and the finance documents it produced.")
    public EventView event(@PathVariable("eventId") String eventId) {
        CanonicalEvent event = events.find(eventId).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "No event " + eventId));
        return new EventView(event, audit.of(eventId), documents.byEvent(eventId));
    }
}
