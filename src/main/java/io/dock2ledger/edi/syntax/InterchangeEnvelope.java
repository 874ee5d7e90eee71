package io.dock2ledger.edi.syntax;

/**
 * What an interchange header (X12 ISA, EDIFACT UNB) said.
 *
 * @param senderQualifier ISA05 / UNB S002.0007 (may be empty for EDIFACT)
 * @param control         ISA13 / UNB 0020, as written (not trimmed of leading zeros)
 * @param date            ISO date when the header's date parses, the raw value otherwise
 * @param time            HH:mm when it parses, the raw value otherwise
 * @param version         ISA12 (e.g. 00401) / UNB syntax identifier and version (e.g. UNOA:3)
 * @param ackRequested    ISA14 = 1 / UNB 0031 = 1
 * @param test            ISA15 = T / UNB 0035 = 1
 * @param repetitionField ISA11 as written (U or the repetition separator), null for EDIFACT
 * @param sequence        1-based position of this interchange in the file
 */
public record InterchangeEnvelope(
        EdiStandard standard,
        String senderQualifier,
        String sender,
        String receiverQualifier,
        String receiver,
        String control,
        String date,
        String time,
        String version,
        boolean ackRequested,
        boolean test,
        String repetitionField,
        EdiDelimiters delimiters,
        int sequence) {

    /** The syntax identifier of an EDIFACT interchange (UNOA, UNOC...), or null for X12. */
    public String syntaxIdentifier() {
        return standard == EdiStandard.EDIFACT ? version.split(":")[0] : null;
    }

    /** The syntax version number of an EDIFACT interchange (3, 4...), or null for X12. */
    public String syntaxVersion() {
        if (standard != EdiStandard.EDIFACT) {
            return null;
        }
        String[] parts = version.split(":");
        return parts.length > 1 ? parts[1] : "";
    }
}
