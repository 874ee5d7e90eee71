package io.dock2ledger.intake;

import io.dock2ledger.edi.EdiReadReport;
import io.dock2ledger.edi.read.Disposition;
import io.dock2ledger.edi.read.InterchangeOutcome;
import io.dock2ledger.edi.read.ReceivedFunctionalAck;
import io.dock2ledger.edi.read.TransactionOutcome;
import io.dock2ledger.edi.syntax.EdiProblem;
import io.dock2ledger.edi.syntax.InterchangeEnvelope;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.ExceptionRecorder;
import io.dock2ledger.exceptions.HubException;
import io.dock2ledger.intake.read.EdiDocuments;
import io.dock2ledger.intake.read.InboundDocuments;
import io.dock2ledger.intake.read.InboundFile;
import io.dock2ledger.mapping.InboundDocument;
import io.dock2ledger.outbound.PartnerOutbox;
import io.dock2ledger.partners.Partner;
import io.dock2ledger.partners.PartnerRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

import java.util.ArrayList;
import java.util.List;

/**
 * The EDI steps of routes/edi-file-to-canonical.camel.yaml: {@link #open} reads an X12/EDIFACT file of a partner inbox
 * with {@link EdiDocuments}, one accepted transaction set at a time, for the route's streaming split (the route sends
 * each to document-to-canonical, or an acknowledgment to partner-acks-to-outbound, while the file is read, committed
 * in chunks by {@link IntakeChunks});
 * {@link #finish} then writes the acknowledgments to the partner's outbox, records every rejection as an exception
 * and says where the file goes; {@link #receivedTa1s} gives the TA1s the partner sent, for partner-acks-to-outbound.
 */
public class EdiFiles {

    private final EdiDocuments documents;
    private final PartnerRegistry partners;
    private final PartnerInbox inbox;
    private final PartnerOutbox outbox;
    private final ExceptionRecorder exceptions;
    private final InboundDocuments.DocumentCount count;

    public EdiFiles(EdiDocuments documents, PartnerRegistry partners, PartnerInbox inbox, PartnerOutbox outbox,
                    ExceptionRecorder exceptions) {
        this(documents, partners, inbox, outbox, exceptions, (file, sets) -> { });
    }

    /** @param count told the number of business transaction sets of each file once it is read (the file progress) */
    public EdiFiles(EdiDocuments documents, PartnerRegistry partners, PartnerInbox inbox, PartnerOutbox outbox,
                    ExceptionRecorder exceptions, InboundDocuments.DocumentCount count) {
        this.documents = documents;
        this.partners = partners;
        this.inbox = inbox;
        this.outbox = outbox;
        this.exceptions = exceptions;
        this.count = count;
    }

    /**
     * Opens one EDI file: its accepted sets as partner documents, in file order, read as they are asked for. A set from
     * a sender other than the partner's EDI identity is recorded as an exception and skipped.
     * <p>
     * Its interchanges count as received (a later file with the same sender and control number is a duplicate) only
     * when the file's exchange completes, after its JMS transaction committed; when the file fails they are recorded
     * FAILED. The file's sets are committed in chunks while it is read (IntakeChunks), so a file that fails or a hub
     * that dies half-way has posted its first sets: the file, read again, must not be refused as a duplicate of itself
     * (a read that died without either is recognised by its file checksum, EdiIntake#openFile).
     */
    public EdiDocuments.Read open(InboundFile file, Exchange exchange) {
        Partner partner = partners.partner(file.partner()).orElseThrow(() -> new HubException(
                ExceptionCategory.UNKNOWN_DOCUMENT, "Partner " + file.partner() + " is no longer in the registry"));
        String fileName = file.path().getFileName().toString();
        String payload = "raw_file:" + file.rawFileId();
        EdiDocuments.Read read = documents.open(file, partner, (document, refusal) -> exceptions.record(
                refusal.category(), partner.id(), document.documentType() + " in " + fileName, null,
                refusal.getMessage(), payload));
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange done) {
                read.settle();
            }

            @Override
            public void onFailure(Exchange done) {
                read.fail();
            }
        });
        return read;
    }

    /** True for a functional acknowledgment (997, 999) the partner sent for the hub's own documents: never mapped. */
    public boolean isAcknowledgment(InboundDocument document) {
        return ReceivedFunctionalAck.isFunctionalAck(document.content());
    }

    /**
     * Completes one EDI file once every accepted set went its way.
     *
     * @return where the file goes: its archive path, or its error path (with a {@code .reason}) when nothing in it was
     *         accepted (every interchange or every transaction set rejected)
     * @throws HubException MALFORMED_FILE when the file holds nothing EDI (the route quarantines it)
     */
    public String finish(EdiDocuments.Read read) {
        InboundFile file = read.file();
        EdiReadReport report = read.report();
        if (report.interchanges().isEmpty()) {
            outbox.write(read.partner().id(), report.acknowledgments());
            throw new HubException(ExceptionCategory.MALFORMED_FILE, file.path().getFileName() + ": "
                    + String.join("; ", report.fileProblems().stream().map(EdiProblem::reason).toList()));
        }
        recordRejections(file, report);
        count.counted(file, businessSets(report));
        String target = file.archiveTarget();
        if (nothingAccepted(report)) {
            inbox.writeReason(file.errorTarget(), category(report) + ": " + report.rejectionReasons());
            target = file.errorTarget();
        }
        // Last: a failure above (a database write) fails the file, which is read again and answered then, once, instead
        // of the partner getting an acknowledgment per attempt.
        outbox.write(read.partner().id(), report.acknowledgments());
        return target;
    }

    /** The TA1s the partner sent in the file (read to its end), for the route to send to partner-acks-to-outbound. */
    public List<InterchangeAcknowledgment> receivedTa1s(EdiDocuments.Read read) {
        String fileName = read.file().path().getFileName().toString();
        String payload = "raw_file:" + read.file().rawFileId();
        return read.report().interchanges().stream()
                .flatMap(interchange -> interchange.receivedTa1s().stream().map(ta1 -> new InterchangeAcknowledgment(
                        read.partner().id(), ta1, interchange.envelope().control(), fileName, payload)))
                .toList();
    }

    private void recordRejections(InboundFile file, EdiReadReport report) {
        String fileName = file.path().getFileName().toString();
        String payload = "raw_file:" + file.rawFileId();
        for (InterchangeOutcome interchange : report.interchanges()) {
            String where = describe(interchange.envelope()) + " in " + fileName;
            String ack = interchange.ackNote() == null ? "" : " (" + interchange.ackNote() + ")";
            if (interchange.duplicate()) {
                exceptions.record(ExceptionCategory.DUPLICATE_INTERCHANGE, file.partner(), where, null,
                        reasons(interchange.problems()) + ack, payload);
            } else if (interchange.disposition() == Disposition.REJECTED) {
                List<String> reasons = new ArrayList<>();
                reasons.add(reasons(interchange.problems()));
                interchange.allTransactions().stream().filter(t -> !t.accepted() && !t.problems().isEmpty())
                        .forEach(t -> reasons.add(t.label() + ": " + t.reasons()));
                exceptions.record(ExceptionCategory.EDI_REJECTED, file.partner(), where, null,
                        String.join("; ", reasons.stream().filter(r -> !r.isBlank()).toList()) + ack, payload);
            } else if (interchange.allTransactions().isEmpty() && interchange.receivedTa1s().isEmpty()) {
                // An interchange holding only TA1s goes to partner-acks-to-outbound; an empty one is odd.
                exceptions.record(ExceptionCategory.UNKNOWN_DOCUMENT, file.partner(), where, null,
                        "The interchange holds no transaction set and no TA1: there is nothing to map" + ack, payload);
            } else {
                for (TransactionOutcome set : interchange.allTransactions()) {
                    if (!set.accepted()) {
                        exceptions.record(ExceptionCategory.EDI_REJECTED, file.partner(),
                                set.label() + " of " + where, null, set.reasons() + ack, payload);
                    }
                }
            }
        }
        if (!report.fileProblems().isEmpty()) {
            exceptions.record(ExceptionCategory.EDI_REJECTED, file.partner(), fileName, null,
                    reasons(report.fileProblems()), payload);
        }
    }

    /**
     * The file's total for its progress (GET /api/v1/files/{id}): its transaction sets, accepted or rejected, but not
     * the functional acknowledgments (997, 999) the partner sent for the hub's own documents, which are not business
     * documents. Known only once the file is read to its end: the sets are streamed, never counted ahead.
     */
    static int businessSets(EdiReadReport report) {
        return (int) report.transactions().stream()
                .filter(t -> !"997".equals(t.type()) && !"999".equals(t.type())).count();
    }

    /** Every interchange rejected, or every transaction set in the file rejected: the file as a whole is refused. */
    private static boolean nothingAccepted(EdiReadReport report) {
        return report.rejected() || (report.delivered() == 0 && !report.transactions().isEmpty()
                && report.transactions().stream().noneMatch(TransactionOutcome::accepted));
    }

    private static ExceptionCategory category(EdiReadReport report) {
        return !report.interchanges().isEmpty() && report.interchanges().stream().allMatch(InterchangeOutcome::duplicate)
                ? ExceptionCategory.DUPLICATE_INTERCHANGE : ExceptionCategory.EDI_REJECTED;
    }

    private static String reasons(List<EdiProblem> problems) {
        return String.join("; ", problems.stream().filter(EdiProblem::fatal).map(EdiProblem::reason).toList());
    }

    private static String describe(InterchangeEnvelope envelope) {
        return envelope.standard() + " interchange " + envelope.control() + " from "
                + (envelope.senderQualifier() == null ? "" : envelope.senderQualifier().trim() + "/")
                + envelope.sender().trim();
    }
}
