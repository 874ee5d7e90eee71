package io.dock2ledger.posting;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.audit.AuditTrail;
import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.canonical.EventHeader;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.ExceptionRecorder;
import io.dock2ledger.exceptions.HubException;


/**
 * Records an event that could not be posted after its retries, just before the error handler parks it in the
 * dead-letter queue ({@code dock2ledger.events.dlq}): an exception owned by operations (DELIVERY_FAILED), or by the
 * owner of the business reason when the failure carries one (an ERP refusal, issue 11), with the event id so that
 * it can be resubmitted from the DLQ once the cause is fixed.
 */
public class PostingFailures {

    private final ExceptionRecorder exceptions;
    private final AuditTrail audit;
    private final ObjectMapper json;
    private final CanonicalEventStore events;

    public PostingFailures(ExceptionRecorder exceptions, AuditTrail audit, ObjectMapper json, CanonicalEventStore events) {
        this.exceptions = exceptions;
        this.audit = audit;
        this.json = json;
        this.events = events;
    }

    public void deadLetter(Exception exception, Object body) {
        EventHeader event = EventHeader.read(json, body).orElse(new EventHeader(null, null, "unreadable message"));
        String eventId = event.eventId();
        // A business refusal keeps its own category and owner (the ERP's closed period goes to finance); anything
        // else is DELIVERY_FAILED for operations.
        ExceptionCategory category = HubException.categoryOf(exception);
        String reason = "Posting failed after retries, parked in dock2ledger.events.dlq: "
                + (category == ExceptionCategory.DELIVERY_FAILED ? exception : HubException.reasonOf(exception));
        exceptions.record(category, event.partner(), event.documentId(), eventId, reason,
                "jms:dock2ledger.events.dlq" + (eventId == null ? "" : "#" + eventId));
        if (eventId != null) {
            audit.record(eventId, AuditTrail.Stage.FAILED, reason);
            events.settle(eventId, "FAILED");
        }
    }
}
