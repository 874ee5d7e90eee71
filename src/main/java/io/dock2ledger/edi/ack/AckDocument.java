package io.dock2ledger.edi.ack;

/**
 * An acknowledgment to send back to the partner.
 *
 * @param kind               what it holds: 997, 999, TA1, TA1+997, TA1+999 or CONTRL
 * @param fileName           suggested file name, e.g. {@code acme-3pl_997_000000001.x12}
 * @param content            the EDI text, in the partner's own delimiters
 * @param controlNumber      the acknowledgment interchange's own control number (ISA13 / UNB 0020)
 * @param answersInterchange the control number of the inbound interchange it acknowledges
 */
public record AckDocument(String kind, String fileName, String content, String controlNumber,
                          String answersInterchange) {
}
