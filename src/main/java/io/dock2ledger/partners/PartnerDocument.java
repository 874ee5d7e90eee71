package io.dock2ledger.partners;

/**
 * One document type a partner sends.
 *
 * @param name        partner-local name of the document type, e.g. {@code shipment-csv}, {@code x12-945}
 * @param filePattern glob of file names that carry it in the partner's inbox, e.g. {@code shipments_*.csv}
 * @param format      csv, json, x12 or edifact
 * @param documentKey csv only: the column whose value changes from one business document to the next
 * @param transaction edi only: the transaction set / message type (945, 944, DESADV...)
 * @param mapping     path under {@code mappings/} of the JSONata mapping to the canonical model
 */
public record PartnerDocument(
        String name,
        String filePattern,
        String format,
        String documentKey,
        String transaction,
        String mapping) {
}
