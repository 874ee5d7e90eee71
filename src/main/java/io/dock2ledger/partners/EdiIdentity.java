package io.dock2ledger.partners;

/**
 * A partner's EDI identities and what acknowledgments it expects.
 *
 * @param isaQualifier   ISA05/ISA07 qualifier, e.g. ZZ
 * @param isaId          ISA06/ISA08 id; when set, an X12 interchange in the partner's inbox from another sender is
 *                       refused
 * @param gsCode         GS02/GS03 application code
 * @param edifactId      UNB sender/recipient id; when set, an EDIFACT interchange from another sender is refused
 * @param functionalAck  997 (default) or 999
 * @param functionalAcks false when the partner wants no 997/999 at all (default true)
 * @param ta1            true to answer every X12 interchange with a TA1, not only when ISA14 = 1 or it is broken
 * @param contrl         true to answer every EDIFACT interchange with a CONTRL, not only when UNB 0031 = 1 or it is
 *                       broken
 */
public record EdiIdentity(
        String isaQualifier,
        String isaId,
        String gsCode,
        String edifactId,
        String functionalAck,
        Boolean functionalAcks,
        Boolean ta1,
        Boolean contrl) {

    public EdiIdentity(String isaQualifier, String isaId, String gsCode, String edifactId, String functionalAck) {
        this(isaQualifier, isaId, gsCode, edifactId, functionalAck, null, null, null);
    }

    public boolean wantsFunctionalAcks() {
        return functionalAcks == null || functionalAcks;
    }

    public boolean wantsTa1Always() {
        return ta1 != null && ta1;
    }

    public boolean wantsContrlAlways() {
        return contrl != null && contrl;
    }
}
