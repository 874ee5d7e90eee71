package io.dock2ledger.canonical;

/**
 * Where an event came from.
 *
 * @param partner      partner id from the partner registry ({@code config/partners/<id>.yaml})
 * @param system       the partner's system, if it says (WMS name, EDI sender id)
 * @param channel      file, sftp, edi, jms or webhook
 * @param documentType the partner document type (e.g. {@code shipment-csv}, {@code x12-945})
 * @param documentId   the business document id (shipment, receipt, adjustment, RMA, transfer or charge id)
 * @param rawFileId    the archived raw file the event was read from, if any
 */
public record EventSource(
        String partner,
        String system,
        String channel,
        String documentType,
        String documentId,
        String rawFileId) {
}
