package io.dock2ledger.edi.syntax;

/**
 * What a transaction set header (X12 ST) or message header (EDIFACT UNH) said.
 *
 * @param type    ST01 (945) or UNH S009.0065 (DESADV)
 * @param control ST02 / UNH 0062
 * @param version ST03 when present / UNH S009 version:release:agency[:association], else empty
 */
public record TransactionEnvelope(String type, String control, String version) {
}
