package io.dock2ledger.outbound;

/**
 * Where a document the hub sent stands with the partner, from its functional acknowledgment (997 / 999).
 */
public enum OutboundStatus {
    /** Written to the partner's outbox; its acknowledgment is not due yet. */
    SENT,
    /** AK5 / IK5 = A. */
    ACCEPTED,
    /** AK5 / IK5 = E: the partner took it but reported errors. */
    ACCEPTED_WITH_ERRORS,
    /** AK5 / IK5 = R, M, W or X, AK9 = R for its group, or TA1 = R for its interchange. The order may be sent again. */
    REJECTED,
    /** No acknowledgment arrived within the partner's {@code ackWithin}. A late one still settles it. */
    OVERDUE;

    /** X12 AK501 / IK501 / TA104 code to status; null for a code that says nothing (empty). */
    static OutboundStatus fromX12(String code) {
        return switch (code == null ? "" : code.strip()) {
            case "A" -> ACCEPTED;
            case "E" -> ACCEPTED_WITH_ERRORS;
            case "R", "M", "W", "X" -> REJECTED;
            default -> null;
        };
    }
}
