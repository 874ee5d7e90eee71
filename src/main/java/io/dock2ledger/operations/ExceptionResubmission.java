package io.dock2ledger.operations;

import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.exceptions.ExceptionRecord;
import io.dock2ledger.exceptions.ExceptionRecorder;
import io.dock2ledger.exceptions.HubException;
import io.dock2ledger.intake.read.InboundDocuments;
import io.dock2ledger.intake.read.InboundFile;
import io.dock2ledger.mapping.InboundDocument;
import io.dock2ledger.partners.Partner;
import io.dock2ledger.partners.PartnerDocument;
import io.dock2ledger.partners.PartnerRegistry;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Resubmits an exception after its cause was fixed (issue 12): its events take the normal path again from where they
 * stopped, through the route {@code exception-resubmit} (never straight to a queue from Java).
 * <ul>
 *   <li>An event the hub stored (it failed in posting: an unknown order, a timeout, the dead-letter queue) is sent
 *       again as stored; posting decides it anew against today's master data.</li>
 *   <li>A document that failed before it became a stored event (mapping, master data, schema: UNKNOWN_ITEM...) is read
 *       again from its archived raw file, mapped, and its events prepared against today's master data.</li>
 * </ul>
 * The exception stays open until its document posts ({@link ExceptionRecorder#resolvePosted}); a resubmit that fails
 * again changes nothing and says why.
 */
public class ExceptionResubmission {

    /** Why an exception cannot be resubmitted as it stands (not open, nothing to re-read). */
    public static class NotResubmittable extends RuntimeException {
        public NotResubmittable(String message) {
            super(message);
        }
    }

    /** A resubmit that failed again: the exception stays open, with this reason. */
    public static class ResubmitFailed extends RuntimeException {
        public ResubmitFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** @param events how many events were sent on */
    public record Resubmitted(long exceptionId, int events) {
    }

    private final ProducerTemplate camel;
    private final ExceptionRecorder exceptions;
    private final CanonicalEventStore events;
    private final PartnerRegistry partners;
    private final InboundDocuments documents;
    private final JdbcTemplate jdbc;

    public ExceptionResubmission(ProducerTemplate camel, ExceptionRecorder exceptions, CanonicalEventStore events,
                                 PartnerRegistry partners, InboundDocuments documents, JdbcTemplate jdbc) {
        this.camel = camel;
        this.exceptions = exceptions;
        this.events = events;
        this.partners = partners;
        this.documents = documents;
        this.jdbc = jdbc;
    }

    public Resubmitted resubmit(ExceptionRecord exception, String actor) {
        if (!exception.open()) {
            throw new NotResubmittable("Exception " + exception.id() + " is " + exception.status() + ", not open");
        }
        CanonicalEvent stored = exception.eventId() == null ? null : events.find(exception.eventId()).orElse(null);
        List<CanonicalEvent> toSend;
        boolean prepared;
        if (stored != null) {
            toSend = List.of(stored);
            prepared = true;
        } else if (exception.rawFileId() != null) {
            toSend = fromRawFile(exception);
            prepared = false;
        } else {
            throw new NotResubmittable("Exception " + exception.id() + " (" + exception.category() + ") has neither a "
                    + "stored event nor a raw file to read again (payload: " + exception.payloadRef() + "); the partner "
                    + "must send the document again");
        }
        // Recorded before the events leave: posting may resolve the exception before this call returns.
        exceptions.action(exception.id(), "RESUBMITTED", actor, prepared
                ? "stored event " + stored.eventId() + " sent to posting again"
                : toSend.size() + " event(s) of " + exception.sourceDocument() + " read again from raw file "
                        + exception.rawFileId() + ", sent to preparation and posting");
        try {
            if (prepared) {
                events.reopen(stored.eventId());
            }
            camel.requestBodyAndHeader("direct:exception-resubmit", toSend, "dock2ledgerPrepared", prepared);
        } catch (CamelExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            HubException business = HubException.findIn(cause);
            String reason = business != null ? business.category() + ": " + business.getMessage()
                    : HubException.reasonOf(cause);
            exceptions.action(exception.id(), "RESUBMIT_FAILED", actor, reason + " (nothing was queued)");
            throw new ResubmitFailed("Resubmit of exception " + exception.id() + " failed again, nothing was queued: "
                    + reason, cause);
        }
        return new Resubmitted(exception.id(), toSend.size());
    }

    /**
     * The exception's document, mapped again from its raw file. A failure of one document names it in the source
     * document ({@code SHP-9003}); a mapping failure names the document type and file ({@code shipment-csv in raw file
     * <id>}), and then every document of the file is resubmitted (those already posted are duplicates).
     */
    private List<CanonicalEvent> fromRawFile(ExceptionRecord exception) {
        String rawFileId = exception.rawFileId();
        List<Map<String, Object>> rows = jdbc.queryForList(
                "select partner, file_name, sha256, size_bytes, archive_path from raw_file where id = ?", rawFileId);
        if (rows.isEmpty()) {
            throw new NotResubmittable("Raw file " + rawFileId + " of exception " + exception.id() + " is not recorded");
        }
        Map<String, Object> row = rows.get(0);
        String partnerId = (String) row.get("partner");
        String fileName = (String) row.get("file_name");
        Path archived = Path.of((String) row.get("archive_path"));
        Partner partner = partners.partner(partnerId).orElseThrow(() -> new NotResubmittable(
                "Partner " + partnerId + " of raw file " + rawFileId + " is no longer in the registry"));
        PartnerDocument type = partner.documentForFile(fileName).orElseThrow(() -> new NotResubmittable(
                "Raw file " + fileName + " (" + rawFileId + ") is a message or matches no document type of " + partnerId
                        + " today; the partner must send it again"));
        if (type.edi()) {
            // Re-reading an interchange would refuse it as a duplicate of itself (same sender and control number).
            throw new NotResubmittable("Raw file " + fileName + " is EDI: an interchange is not read twice (it would "
                    + "be a duplicate interchange); the partner must send a new interchange");
        }
        if (!Files.isRegularFile(archived)) {
            throw new NotResubmittable("Raw file " + fileName + " is not in the archive at " + archived);
        }
        InboundFile file = new InboundFile(rawFileId, partnerId, type, archived, (String) row.get("sha256"),
                ((Number) row.get("size_bytes")).longValue(), archived, archived);
        boolean wholeFile = exception.eventId() == null && exception.sourceDocument() != null
                && exception.sourceDocument().endsWith(" in raw file " + rawFileId);
        List<CanonicalEvent> found = new ArrayList<>();
        Iterator<InboundDocument> all = documents.read(file);
        while (all.hasNext()) {
            InboundDocument document = all.next();
            List<CanonicalEvent> mapped;
            try {
                mapped = mapped(document);
            } catch (CamelExecutionException e) {
                if (wholeFile) {
                    throw new ResubmitFailed("Resubmit of exception " + exception.id() + " failed again, nothing was "
                            + "queued: " + HubException.reasonOf(e.getCause() == null ? e : e.getCause()), e);
                }
                continue; // another document of the file, with its own exception
            }
            for (CanonicalEvent event : mapped) {
                if (wholeFile || event.source().documentId().equals(exception.sourceDocument())) {
                    found.add(event);
                }
            }
        }
        if (found.isEmpty()) {
            throw new NotResubmittable("Document " + exception.sourceDocument() + " is not in raw file " + fileName
                    + " (" + rawFileId + ") as mapped today");
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private List<CanonicalEvent> mapped(InboundDocument document) {
        Object body = camel.requestBody("direct:map-document", document);
        return body instanceof List<?> list ? (List<CanonicalEvent>) list : List.of();
    }
}
