package io.dock2ledger.intake;

import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.ExceptionRecorder;
import io.dock2ledger.exceptions.HubException;
import io.dock2ledger.mapping.InboundDocument;
import io.dock2ledger.partners.PartnerFileNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the intake does with a failure, called by the intake error handler (routes/error-handling.camel.yaml).
 * A document or event that fails is recorded as an exception and the rest of its file goes on; a file that
 * fails as a whole is quarantined in the partner's {@code error/} folder with a {@code .reason} file beside it.
 * Either way it is recorded with its owner: nothing is dropped.
 */
public class IntakeFailures {

    private static final Logger log = LoggerFactory.getLogger(IntakeFailures.class);

    private final PartnerInbox inbox;
    private final ExceptionRecorder exceptions;

    public IntakeFailures(PartnerInbox inbox, ExceptionRecorder exceptions) {
        this.inbox = inbox;
        this.exceptions = exceptions;
    }

    /**
     * @param body          what the failing step was working on: a canonical event, a partner document, or the file
     * @param filePath      the inbound file's absolute path
     * @param currentTarget where the file was going to be moved
     * @return where the file goes now: unchanged for a document-level failure, the quarantine for a file-level one
     */
    public String handle(Exception exception, Object body, String filePath, String currentTarget) {
        ExceptionCategory category = HubException.categoryOf(exception);
        String reason = HubException.reasonOf(exception);
        if (recordForDocument(category, reason, body)) {
            return currentTarget;
        }
        String target = inbox.quarantineTarget(filePath);
        inbox.writeReason(target, category + ": " + reason);
        String partner = Path.of(target).getParent().getParent().getFileName().toString();
        exceptions.record(category, partner, PartnerFileNames.printable(Path.of(filePath).getFileName().toString()), null,
                reason, target);
        return target;
    }

    /**
     * A failure of a message channel (JMS): the document or event is recorded with its owner, like a file's. The
     * message itself is already archived as a raw file when it could be attributed to a partner.
     */
    public void handleMessage(Exception exception, Object body, String partner, String messageId) {
        ExceptionCategory category = HubException.categoryOf(exception);
        String reason = HubException.reasonOf(exception);
        if (!recordForDocument(category, reason, body)) {
            exceptions.record(category, partner, "message " + messageId, null, reason, "jms:" + messageId);
        }
    }

    /**
     * A failure of one event or document (not of the whole file or message) is recorded against it, with its raw file.
     *
     * @return false when the body is neither, so the caller records the failure against the file or message
     */
    private boolean recordForDocument(ExceptionCategory category, String reason, Object body) {
        if (body instanceof CanonicalEvent event) {
            exceptions.record(category, event.source().partner(), event.source().documentId(), event.eventId(), reason,
                    "raw_file:" + event.source().rawFileId());
            return true;
        }
        if (body instanceof InboundDocument document) {
            exceptions.record(category, document.partner(), document.describe(), null, reason,
                    "raw_file:" + document.rawFileId());
            return true;
        }
        return false;
    }

    /**
     * Moves a file the inbox route will not read out of its inbox into the partner folder's {@code error/}, under a safe
     * name, writes its {@code .reason} and records the exception: the one way the inbox's name filter and the
     * stuck-file check quarantine a file (a file the route did read is moved by the route, see {@link #handle}).
     *
     * @param reasonAt the reason, given where the file now is
     * @return where it went; empty when another hub instance moved it first, or it cannot be moved now (it stays in
     *         the inbox and is tried again)
     */
    public Optional<Path> quarantineUnread(Path file, String partner, ExceptionCategory category,
                                           Function<Path, String> reasonAt) {
        String shown = PartnerFileNames.printable(file.getFileName().toString());
        Path target = inbox.unreadFileTarget(partner, file.getFileName().toString());
        try {
            Files.createDirectories(target.getParent());
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException takenMeanwhile) {
            return Optional.empty();
        } catch (IOException e) {
            log.warn("Cannot quarantine inbox file '{}' of {} ({}); it stays in the inbox: {}", shown, partner, category,
                    e.toString());
            return Optional.empty();
        }
        String reason = reasonAt.apply(target);
        inbox.writeReason(target.toString(), category + ": " + reason);
        exceptions.record(category, partner, shown, null, reason, target.toString());
        log.warn("Quarantined inbox file '{}' of {} as {}: {}", shown, partner, target, reason);
        return Optional.of(target);
    }
}
