package io.dock2ledger.outbound;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;

/**
 * A document the hub sent a partner and what the partner answered.
 *
 * @param reference          the business document it carries (the sales order of a 940)
 * @param interchangeControl ISA13 of the hub's interchange
 * @param groupControl       GS06 of the hub's group: what the partner's 997 / 999 quotes in AK102
 * @param setControl         ST02: what the partner's 997 / 999 quotes in AK202
 * @param ackDueAt           when it becomes OVERDUE without an acknowledgment
 * @param interchangeStatus  the partner's TA1 verdict, null until one arrives
 * @param ackType            997, 999 or TA1: the last acknowledgment applied
 * @param ackDetail          what the partner reported: AK3/AK4 errors, AK5 codes, TA1 note
 */
public record OutboundDocument(
        long id,
        String partner,
        String standard,
        String documentType,
        String reference,
        String interchangeControl,
        String groupControl,
        String setControl,
        String fileName,
        Instant sentAt,
        Instant ackDueAt,
        OutboundStatus status,
        String interchangeStatus,
        String ackType,
        String ackInterchangeControl,
        Instant acknowledgedAt,
        String ackDetail,
        @JsonIgnore String requestHash) {

    /** How exceptions and logs name it, e.g. "940 SO-50001 to acme-3pl (group 7)". */
    public String describe() {
        return documentType + " " + reference + " to " + partner + " (interchange " + interchangeControl + ", group "
                + groupControl + ")";
    }
}
