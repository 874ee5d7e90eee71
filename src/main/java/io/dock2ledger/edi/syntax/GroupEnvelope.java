package io.dock2ledger.edi.syntax;

/**
 * What a functional group header (X12 GS, EDIFACT UNG) said.
 *
 * @param functionalId GS01, e.g. SW for 945
 * @param control      GS06, as written
 * @param version      GS08, e.g. 004010
 * @param sequence     1-based position of the group in its interchange
 */
public record GroupEnvelope(
        String functionalId,
        String sender,
        String receiver,
        String date,
        String time,
        String control,
        String version,
        int sequence) {
}
