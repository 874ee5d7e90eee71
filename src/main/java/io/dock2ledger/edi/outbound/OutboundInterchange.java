package io.dock2ledger.edi.outbound;

import io.dock2ledger.edi.syntax.EdiStandard;

/**
 * A business document the hub sends a partner, written and checked, ready for the partner's outbox.
 *
 * @param standard           X12 (EDIFACT when the hub first sends one)
 * @param documentType       the transaction set, e.g. 940
 * @param fileName           suggested outbox file name
 * @param content            the EDI text
 * @param interchangeControl ISA13: what the partner's TA1 quotes in TA101
 * @param groupControl       GS06: what the partner's 997/999 quotes in AK102
 * @param setControl         ST02: what the partner's 997/999 quotes in AK202
 */
public record OutboundInterchange(EdiStandard standard, String documentType, String fileName, String content,
                                  String interchangeControl, String groupControl, String setControl) {
}
