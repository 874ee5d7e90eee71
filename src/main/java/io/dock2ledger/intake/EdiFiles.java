package io.dock2ledger.intake;

import io.dock2ledger.edi.EdiReadReport;
import io.dock2ledger.edi.read.InterchangeOutcome;
import io.dock2ledger.edi.read.ReceivedFunctionalAck;
import io.dock2ledger.edi.read.ReceivedTa1;
import io.dock2ledger.edi.read.TransactionOutcome;
import io.dock2ledger.edi.syntax.EdiProblem;
import io.dock2ledger.edi.syntax.InterchangeEnvelope;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.ExceptionRecorder;
import io.dock2ledger.exceptions.HubException;
import io.dock2ledger.intake.read.EdiDocuments;
import io.dock2ledger.intake.read.InboundFile;
import io.dock2ledger.outbound.PartnerAcknowledgments;
import io.dock2ledger.outbound.PartnerOutbox;
import io.dock2ledger.partners.Partner;
import io.dock2ledger.partners.PartnerRegistry;
import org.apache.camel.ProducerTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The EDI branch of the file route: reads an X12/EDIFACT file of a partner inbox with {@link EdiDocuments}, sends each
 * accepted transaction set to {@code direct:document-to-canonical} (the same mapping, enrichment, validation and
 * queueing as every other document) while the file is read, writes the acknowledgments to the partner's outbox and
 * records every rejection as an exception. Acknowledgments the partner sends back for the hub's own documents (997,
 * 999, TA1) are not mapped: they go to {@link PartnerAcknowledgments}, which settles the documents they answer.
 * <p>
 * Why a push into a direct route and not a split over an iterator: {@link io.dock2ledger.edi.EdiIntake} calls a
 * consumer. Turning that into an iterator needs a second thread per file, a hand-off queue and cancellation when the
 * route stops early; calling the route from the consumer keeps one thread, gives natural back-pressure (the reader
 * waits while a set is mapped and queued) and keeps memory bounded by EdiIntake's spool.
 */
public class EdiFiles {

    public static final String DOCUMENT_ROUTE = "direct:document-to-canonical";

    private final EdiDocuments documents;
    private final PartnerRegistry partners;
    private final PartnerInbox inbox;
    private final PartnerOutbox outbox;
    private final ExceptionRecorder exceptions;
    private final ProducerTemplate producer;
    private final PartnerAcknowledgments acknowledgments;

    public EdiFiles(EdiDocuments documents, PartnerRegistry partners, PartnerInbox inbox, PartnerOutbox outbox,
                    ExceptionRecorder exceptions, ProducerTemplate producer, PartnerAcknowledgments acknowledgments) {
        this.documents = documents;
        this.partners = partners;
        this.inbox = inbox;
        this.outbox = outbox;
        this.exceptions = exceptions;
        this.producer = producer;
        this.acknowledgments = acknowledgments;
    }

    /**
     * Takes in one EDI file.
     *
     * @return where the file goes: its archive path, or its error path (with a {@code .reason}) when nothing in it was
     *         accepted (every interchange or every transaction set rejected)
     * @throws HubException MALFORMED_FILE when the file holds nothing EDI (the route quarantines it)
     */
    public String read(InboundFile file) {
        Partner partner = partners.partner(file.partner()).orElseThrow(() -> new HubException(
                ExceptionCategory.UNKNOWN_DOCUMENT, "Partner " + file.partner() + " is no longer in the registry"));
        Map<String, Object> headers = Map.of("CamelFileAbsolutePath", file.path().toString(),
                "fileTarget", file.archiveTarget());
        String fileName = file.path().getFileName().toString();
        String payload = "raw_file:" + file.rawFileId();
        EdiReadReport report = documents.read(file, partner,
                document -> {
                    if (ReceivedFunctionalAck.isFunctionalAck(document.content())) {
                        acknowledgments.functionalAcknowledgment(partner.id(), document.content(), fileName, payload);
                    } else {
                        producer.sendBodyAndHeaders(DOCUMENT_ROUTE, document, headers);
                    }
                },
                (document, refusal) -> exceptions.record(refusal.category(), partner.id(),
                        document.documentType() + " in " + fileName, null, refusal.getMessage(), payload));
        outbox.write(partner.id(), report.acknowledgments());
        if (report.interchanges().isEmpty()) {
            throw new HubException(ExceptionCategory.MALFORMED_FILE, file.path().getFileName() + ": "
                    + String.join("; ", report.fileProblems().stream().map(EdiProblem::reason).toList()));
        }
        recordRejections(file, report);
        for (InterchangeOutcome interchange : report.interchanges()) {
            for (ReceivedTa1 ta1 : interchange.receivedTa1s()) {
                acknowledgments.interchangeAcknowledgment(partner.id(), ta1, interchange.envelope().control(),
                        fileName, payload);
            }
        }
        if (nothingAccepted(report)) {
            inbox.writeReason(file.errorTarget(), category(report) + ": " + report.rejectionReasons());
            return file.errorTarget();
        }
        return file.archiveTarget();
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
            } else if (interchange.disposition() == io.dock2ledger.edi.read.Disposition.REJECTED) {
                List<String> reasons = new ArrayList<>();
                reasons.add(reasons(interchange.problems()));
                interchange.allTransactions().stream().filter(t -> !t.accepted() && !t.problems().isEmpty())
                        .forEach(t -> reasons.add(t.label() + ": " + t.reasons()));
                exceptions.record(ExceptionCategory.EDI_REJECTED, file.partner(), where, null,
                        String.join("; ", reasons.stream().filter(r -> !r.isBlank()).toList()) + ack, payload);
            } else if (interchange.allTransactions().isEmpty() && interchange.receivedTa1s().isEmpty()) {
                // An interchange holding only TA1s was matched above (PartnerAcknowledgments); an empty one is odd.
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
