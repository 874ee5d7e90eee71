package io.dock2ledger.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.dock2ledger.edi.read.ReceivedFunctionalAck;
import io.dock2ledger.edi.read.ReceivedTa1;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.ExceptionRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches the acknowledgments partners send back to the documents the hub sent them, and keeps each document's status
 * (docs/edi.md, "Acknowledgments the hub receives"):
 * <ul>
 *   <li>a 997 / 999 is matched by its AK1 group control number (the hub's GS06) and each AK2 by set control number
 *       (ST02); a set the partner left out takes the verdict of AK9;</li>
 *   <li>a TA1 is matched by TA101 (the hub's ISA13); a rejected interchange rejects every document in it;</li>
 *   <li>a rejection becomes an OUTBOUND_REJECTED exception with the partner's error detail; an acknowledgment that
 *       matches nothing the hub sent becomes an UNMATCHED_ACKNOWLEDGMENT exception; neither is ever dropped;</li>
 *   <li>a document still unanswered after its partner's {@code ackWithin} becomes OVERDUE with an ACK_OVERDUE
 *       exception, which a late acknowledgment resolves.</li>
 * </ul>
 */
public class PartnerAcknowledgments {

    private static final Logger log = LoggerFactory.getLogger(PartnerAcknowledgments.class);

    private final OutboundDocuments documents;
    private final ExceptionRecorder exceptions;
    private final Clock clock;
    private final MeterRegistry meters;

    public PartnerAcknowledgments(OutboundDocuments documents, ExceptionRecorder exceptions, Clock clock,
                                  MeterRegistry meters) {
        this.documents = documents;
        this.exceptions = exceptions;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Applies a 997 or 999 (the JSON of the set, docs/edi.md) a partner sent.
     *
     * @param source where it came from, for exception records (e.g. the file name)
     * @param payloadRef where the raw acknowledgment is kept (raw_file:id)
     * @return how many of the hub's documents it settled
     */
    public int functionalAcknowledgment(String partner, JsonNode transaction, String source, String payloadRef) {
        String ackType = transaction.path("transaction").path("type").asText("997");
        String ackInterchange = transaction.path("interchange").path("control").asText(null);
        ReceivedFunctionalAck ack;
        try {
            ack = ReceivedFunctionalAck.from(transaction);
        } catch (IllegalArgumentException e) {
            unmatched(partner, ackType, source, e.getMessage(), payloadRef);
            return 0;
        }
        List<OutboundDocument> group = documents.byGroup(partner, ack.groupControl());
        if (group.isEmpty()) {
            unmatched(partner, ackType, source, "The " + ackType + " acknowledges functional group "
                    + ack.groupControl() + (ack.functionalId() == null ? "" : " (" + ack.functionalId() + ")")
                    + ", which the hub never sent to " + partner, payloadRef);
            return 0;
        }
        Instant now = clock.instant();
        int settled = 0;
        for (OutboundDocument document : latestPerSet(group)) {
            String code = ack.statusOf(document.setControl());
            OutboundStatus status = OutboundStatus.fromX12(code);
            if (status == null) {
                unmatched(partner, ackType, source, "The " + ackType + " for group " + ack.groupControl()
                        + " gives no verdict for set " + document.setControl() + " of " + document.describe()
                        + " (no AK5 for it and no AK9 for the group)", payloadRef);
                continue;
            }
            String detail = ackType + " in interchange " + ackInterchange + ": " + verdict(code)
                    + errors(ack.errorsOf(document.setControl()));
            apply(document, status, ackType, ackInterchange, now, detail, source, payloadRef);
            settled++;
        }
        for (ReceivedFunctionalAck.SetAck set : ack.sets()) {
            if (group.stream().noneMatch(d -> d.setControl().equals(set.control()))) {
                unmatched(partner, ackType, source, "The " + ackType + " for group " + ack.groupControl()
                        + " answers set " + set.type() + " " + set.control() + ", which the hub did not send in that "
                        + "group", payloadRef);
            }
        }
        return settled;
    }

    /** Applies a TA1 a partner sent; returns how many of the hub's documents it concerned. */
    public int interchangeAcknowledgment(String partner, ReceivedTa1 ta1, String ackInterchange, String source,
                                         String payloadRef) {
        List<OutboundDocument> sent = documents.byInterchange(partner, ta1.interchangeControl());
        if (sent.isEmpty()) {
            unmatched(partner, "TA1", source, "The TA1 answers interchange " + ta1.interchangeControl()
                    + ", which the hub never sent to " + partner, payloadRef);
            return 0;
        }
        OutboundStatus status = OutboundStatus.fromX12(ta1.status());
        if (status == null) {
            unmatched(partner, "TA1", source, "The TA1 for interchange " + ta1.interchangeControl()
                    + " has no valid TA104 (A, E or R): '" + ta1.status() + "'", payloadRef);
            return 0;
        }
        String detail = "TA1 in interchange " + ackInterchange + ": interchange " + verdict(ta1.status())
                + (ta1.noteCode() == null || "000".equals(ta1.noteCode()) ? "" : ", note code " + ta1.noteCode());
        Instant now = clock.instant();
        for (OutboundDocument document : sent) {
            documents.acknowledgeInterchange(document.id(), status, ackInterchange, now, detail);
            meters.counter("dock2ledger.outbound.acknowledged", "partner", partner, "type", "TA1",
                    "status", status.name()).increment();
            if (status == OutboundStatus.REJECTED && document.status() != OutboundStatus.REJECTED) {
                exceptions.record(ExceptionCategory.OUTBOUND_REJECTED, partner, document.describe(), null,
                        partner + " rejected the interchange: " + detail, payloadRef);
                resolveOverdue(document, "TA1");
            }
        }
        return sent.size();
    }

    /**
     * Marks every document whose acknowledgment is overdue (called on a timer by routes/outbound-acks-overdue).
     *
     * @return how many became overdue now
     */
    public int markOverdue() {
        int marked = 0;
        for (OutboundDocument document : documents.dueBefore(clock.instant())) {
            if (documents.markOverdue(document.id())) {
                exceptions.record(ExceptionCategory.ACK_OVERDUE, document.partner(), document.describe(), null,
                        "No 997/999 from " + document.partner() + " for " + document.describe() + ", sent "
                                + document.sentAt() + " as " + document.fileName() + ": it was due by "
                                + document.ackDueAt() + ". Ask the partner whether it fetched the file from its outbox",
                        "outbound:" + document.id());
                marked++;
            }
        }
        return marked;
    }

    private void apply(OutboundDocument document, OutboundStatus status, String ackType, String ackInterchange,
                       Instant now, String detail, String source, String payloadRef) {
        if (document.status() == status && ackInterchange != null
                && ackInterchange.equals(document.ackInterchangeControl())) {
            // The same acknowledgment read again (its file retried after a failure): already applied.
            return;
        }
        if (document.status() == OutboundStatus.REJECTED && status != OutboundStatus.REJECTED) {
            // A rejected document no longer stands (the order may have been sent again); a later "accepted" for it
            // is the partner contradicting itself, which someone must look at.
            unmatched(document.partner(), ackType, source, "The " + ackType + " accepts " + document.describe()
                    + ", which the partner had already rejected (" + document.ackDetail() + "): status kept REJECTED",
                    payloadRef);
            return;
        }
        documents.acknowledge(document.id(), status, ackType, ackInterchange, now, detail);
        meters.counter("dock2ledger.outbound.acknowledged", "partner", document.partner(), "type", ackType,
                "status", status.name()).increment();
        log.info("{} {}: {}", document.describe(), status, detail);
        resolveOverdue(document, ackType);
        if (status == OutboundStatus.REJECTED) {
            exceptions.record(ExceptionCategory.OUTBOUND_REJECTED, document.partner(), document.describe(), null,
                    document.partner() + " rejected it: " + detail + ". The order can be released again once the"
                            + " cause is fixed", payloadRef);
        }
    }

    private void resolveOverdue(OutboundDocument document, String ackType) {
        if (document.status() == OutboundStatus.OVERDUE) {
            exceptions.resolve(ExceptionCategory.ACK_OVERDUE, document.partner(), document.describe(),
                    "hub: late " + ackType + " received");
        }
    }

    /** Control numbers restart after 999,999,999: only the newest document per set control counts. */
    private static List<OutboundDocument> latestPerSet(List<OutboundDocument> group) {
        Map<String, OutboundDocument> newest = new LinkedHashMap<>();
        group.forEach(d -> newest.putIfAbsent(d.setControl(), d));
        return List.copyOf(newest.values());
    }

    private void unmatched(String partner, String ackType, String source, String reason, String payloadRef) {
        exceptions.record(ExceptionCategory.UNMATCHED_ACKNOWLEDGMENT, partner, ackType + " in " + source, null,
                reason, payloadRef);
    }

    private static String verdict(String code) {
        return switch (code) {
            case "A" -> "accepted";
            case "E" -> "accepted with errors";
            case "R" -> "rejected";
            case "M" -> "rejected, message authentication code failed";
            case "W" -> "rejected, assurance failed validity tests";
            case "X" -> "rejected, content after decryption could not be analysed";
            default -> "code " + code;
        };
    }

    private static String errors(List<String> errors) {
        return errors.isEmpty() ? "" : " - " + String.join("; ", errors);
    }
}
