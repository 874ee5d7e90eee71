package io.dock2ledger.partners;

/**
 * A partner's EDI identities and what acknowledgments it expects.
 *
 * @param isaQualifier ISA05/ISA07 qualifier, e.g. ZZ
 * @param isaId        ISA06/ISA08 id
 * @param gsCode       GS02/GS03 application code
 * @param edifactId    UNB sender/recipient id
 * @param functionalAck 997 (default) or 999
 */
public record EdiIdentity(
        String isaQualifier,
        String isaId,
        String gsCode,
        String edifactId,
        String functionalAck) {
}
