package io.dock2ledger.operations;

import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.edi.read.ReceivedFunctionalAck;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.ExceptionRecord;
import io.dock2ledger.exceptions.ExceptionRecorder;
import io.dock2ledger.exceptions.HubException;
import io.dock2ledger.intake.read.EdiDocuments;
import io.dock2ledger.intake.read.InboundDocuments;
import io.dock2ledger.intake.read.InboundFile;
import io.dock2ledger.mapping.InboundDocument;
import io.dock2ledger.partners.Partner;
import io.dock2ledger.partners.PartnerDocument;
import io.dock2ledger.partners.PartnerRegistry;
import io.dock2ledger.posting.store.IdempotencyKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resubmits an exception after its cause was fixed (issue 12): its events take the normal path again from where they
 * stopped, through the route {@code exception-resubmit} (never straight to a queue from Java).
 * <ul>
 *   <li>An event the hub stored (it failed in posting: an unknown order, a timeout, the dead-letter queue) is sent
 *       again as stored; posting decides it anew against today's master data.</li>
 *   <li>A document that failed before it became a stored event (mapping, master data, schema: UNKNOWN_ITEM...) is read
 *       again from the raw input the hub kept (the archived file, the one EDI set of it, the archived JMS or webhook
 *       body), mapped, and its events prepared against today's master data.</li>
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

    /**
     * @param events how many events were sent on
     * @param note   what was decided at once, without sending anything (a POSSIBLE_CORRECTION closed), else null
     */
    public record Resubmitted(long exceptionId, int events, String note) {
    }

    private final ProducerTemplate camel;
    private final ExceptionRecorder exceptions;
    private final CanonicalEventStore events;
    private final PartnerRegistry partners;
    private final InboundDocuments documents;
    private final EdiDocuments ediDocuments;
    private final ObjectMapper json;
    private final IdempotencyKeys ledger;
    private final JdbcTemplate jdbc;

    public ExceptionResubmission(ProducerTemplate camel, ExceptionRecorder exceptions, CanonicalEventStore events,
                                 PartnerRegistry partners, InboundDocuments documents, EdiDocuments ediDocuments,
                                 ObjectMapper json, IdempotencyKeys ledger, JdbcTemplate jdbc) {
        this.camel = camel;
        this.exceptions = exceptions;
        this.events = events;
        this.partners = partners;
        this.documents = documents;
        this.ediDocuments = ediDocuments;
        this.json = json;
        this.ledger = ledger;
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
        if (stored != null && exception.category() == ExceptionCategory.POSSIBLE_CORRECTION) {
            Optional<Resubmitted> closed = closeCorrection(exception, stored, actor);
            if (closed.isPresent()) {
                return closed.get();
            }
        }
        if (!prepared) {
            nameTheDocument(exception, toSend, actor);
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
        return new Resubmitted(exception.id(), toSend.size(), null);
    }

    /**
     * A POSSIBLE_CORRECTION is a changed resend of a document the ledger holds as posted by another event. Sending it
     * to posting again can only be decided the same way (the ledger keeps the original's key, even after a reversal:
     * docs/posting.md) and would raise a second exception. So the resubmit is the operator's decision on it: the
     * exception is closed with a note naming the posting that stands, and nothing is sent or posted.
     *
     * @return empty when the ledger does not hold the document by another event (then it goes the normal way)
     */
    private Optional<Resubmitted> closeCorrection(ExceptionRecord exception, CanonicalEvent stored, String actor) {
        Optional<IdempotencyKeys.Entry> posted = ledger.find(stored.source().partner(), stored.type(),
                stored.source().documentId());
        if (posted.isEmpty() || posted.get().eventId().equals(stored.eventId())) {
            return Optional.empty();
        }
        String note = "resubmitted by " + actor + ": " + stored.source().documentId() + " stays posted once, by event "
                + posted.get().eventId() + " at " + posted.get().postedAt() + "; this resend (event " + stored.eventId()
                + ") was not posted. A posted document is never replaced: if the resend is a correction, reverse the "
                + "posted document and post the correction as a new document.";
        if (!exceptions.close(exception.id(), actor, "RESUBMITTED", note)) {
            throw new NotResubmittable("Exception " + exception.id() + " is no longer open");
        }
        return Optional.of(new Resubmitted(exception.id(), 0, note));
    }

    /**
     * An exception raised before its document had an id (its mapping failed, or a webhook refused) names the document
     * type and raw file. Once the document maps, it is named by its document id, so that its posting resolves it
     * ({@link ExceptionRecorder#resolvePosted} looks exceptions up by partner and document id).
     */
    private void nameTheDocument(ExceptionRecord exception, List<CanonicalEvent> toSend, String actor) {
        List<String> ids = toSend.stream().map(e -> e.source().documentId()).distinct().toList();
        if (ids.size() != 1 || ids.get(0).equals(exception.sourceDocument())) {
            return;
        }
        if (jdbc.update("update hub_exception set source_document = ? where id = ? and status = 'OPEN'", ids.get(0),
                exception.id()) == 1) {
            exceptions.action(exception.id(), "IDENTIFIED", actor, "was " + exception.sourceDocument()
                    + "; mapped again, it is document " + ids.get(0));
        }
    }

    /** An EDI set as an exception names it before mapping ({@link InboundDocument#describe()}). */
    private static final Pattern EDI_SET = Pattern.compile("^(\\S+) set (\\S+) of interchange (\\S+) in raw file (\\S+)$");

    /**
     * The exception's document, read again from the raw input the hub kept and mapped against today's mappings:
     * <ul>
     *   <li>a file (CSV, JSON): its documents; those of the exception's document id are taken;</li>
     *   <li>an EDI file: its accepted sets, re-read without the duplicate-interchange check and without acknowledging
     *       anything to the partner again ({@link EdiDocuments#reread}); the one set the exception names (by set and
     *       interchange control number), or the set whose events carry the exception's document id;</li>
     *   <li>a JMS or webhook message: its body, archived as a raw file when it arrived ({@code jms-<id>.json},
     *       {@code webhook-<id>.json}), identified again as one of the partner's JSON document types.</li>
     * </ul>
     * A mapping failure of a CSV file names only the document type and file ({@code shipment-csv in raw file <id>}):
     * then every document of the file is resubmitted (those already posted are duplicates).
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
        if (!Files.isRegularFile(archived)) {
            throw new NotResubmittable("Raw file " + fileName + " is not in the archive at " + archived);
        }
        String channel = messageChannel(partner, fileName);
        if (channel != null) {
            return selected(exception, List.of(message(exception, partner, channel, archived, rawFileId)).iterator(),
                    true);
        }
        PartnerDocument type = partner.documentForFile(fileName).orElseThrow(() -> new NotResubmittable(
                "Raw file " + fileName + " (" + rawFileId + ") matches no document type of " + partnerId
                        + " today; the partner must send it again"));
        InboundFile file = new InboundFile(rawFileId, partnerId, type, archived, (String) row.get("sha256"),
                ((Number) row.get("size_bytes")).longValue(), archived, archived);
        if (type.edi()) {
            try (EdiDocuments.Read sets = ediDocuments.reread(file, partner)) {
                return selected(exception, sets, false);
            }
        }
        boolean wholeFile = exception.eventId() == null && exception.sourceDocument() != null
                && exception.sourceDocument().endsWith(" in raw file " + rawFileId);
        return selected(exception, documents.read(file), wholeFile);
    }

    /** The events of the exception's document among those of the documents read again. */
    private List<CanonicalEvent> selected(ExceptionRecord exception, Iterator<InboundDocument> all, boolean wholeFile) {
        Matcher ediSet = exception.sourceDocument() == null ? null : EDI_SET.matcher(exception.sourceDocument());
        boolean bySet = ediSet != null && ediSet.matches();
        List<CanonicalEvent> found = new ArrayList<>();
        while (all.hasNext()) {
            InboundDocument document = all.next();
            if (ReceivedFunctionalAck.isFunctionalAck(document.content())) {
                continue; // the partner's 997/999 for the hub's own documents: never a business document
            }
            if (bySet && !isSet(document, ediSet.group(2), ediSet.group(3))) {
                continue; // another set of the file: not mapped, not sent
            }
            List<CanonicalEvent> mapped;
            try {
                mapped = mapped(document);
            } catch (CamelExecutionException e) {
                if (wholeFile || bySet) {
                    throw new ResubmitFailed("Resubmit of exception " + exception.id() + " failed again, nothing was "
                            + "queued: " + HubException.reasonOf(e.getCause() == null ? e : e.getCause()), e);
                }
                continue; // another document of the file, with its own exception
            }
            for (CanonicalEvent event : mapped) {
                if (wholeFile || bySet || event.source().documentId().equals(exception.sourceDocument())) {
                    found.add(event);
                }
            }
            if (bySet) {
                break; // exactly one set: the rest of the file is not read
            }
        }
        if (found.isEmpty()) {
            throw new NotResubmittable("Document " + exception.sourceDocument() + " is not in raw file "
                    + exception.rawFileId() + " as mapped today");
        }
        return found;
    }

    private static boolean isSet(InboundDocument document, String setControl, String interchangeControl) {
        return setControl.equals(document.content().path("transaction").path("control").asText("").strip())
                && interchangeControl.equals(document.content().path("interchange").path("control").asText("").strip());
    }

    /** {@code jms} or {@code webhook} for a message the hub archived as a raw file (PartnerMessages), else null. */
    private static String messageChannel(Partner partner, String fileName) {
        for (String channel : List.of("jms", "webhook")) {
            if (fileName.startsWith(channel + "-") && fileName.endsWith(".json") && partner.uses(channel)) {
                return channel;
            }
        }
        return null;
    }

    /**
     * The kept body of a message, as the partner document it was: of the type the exception names (a mapping failure
     * names it), else the one its own {@code type} field names (a type given only in a JMS header is not kept).
     */
    private InboundDocument message(ExceptionRecord exception, Partner partner, String channel, Path archived,
                                    String rawFileId) {
        JsonNode content;
        try {
            content = json.readTree(archived.toFile());
        } catch (IOException e) {
            throw new NotResubmittable("The kept " + channel + " message " + archived.getFileName() + " is not JSON: "
                    + e.getMessage());
        }
        String named = exception.sourceDocument() != null && exception.sourceDocument().endsWith(" in raw file " + rawFileId)
                ? exception.sourceDocument().substring(0, exception.sourceDocument().indexOf(" in raw file ")) : null;
        String typeField = content.path("type").isTextual() ? content.path("type").asText() : null;
        PartnerDocument type = partner.documentForMessage(named, typeField).orElseThrow(() -> new NotResubmittable(
                "The kept " + channel + " message " + archived.getFileName() + " (type '" + typeField + "') matches "
                        + "none of " + partner.id() + "'s JSON document types today"));
        return new InboundDocument(partner.id(), channel, type.name(), type.mapping(), rawFileId, content);
    }

    @SuppressWarnings("unchecked")
    private List<CanonicalEvent> mapped(InboundDocument document) {
        Object body = camel.requestBody("direct:map-document", document);
        return body instanceof List<?> list ? (List<CanonicalEvent>) list : List.of();
    }
}
