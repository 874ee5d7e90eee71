package io.dock2ledger.intake;

import io.dock2ledger.edi.read.ReceivedTa1;

/**
 * A TA1 a partner sent in one of its interchanges, answering an interchange the hub sent it; the body that
 * routes/edi-file-to-canonical.camel.yaml sends to partner-acks-to-outbound for each TA1 of a file.
 *
 * @param partner     the partner whose inbox the file is in
 * @param ta1         the TA1 as read
 * @param interchange the control number of the partner's interchange that carried it
 * @param source      the file name, for exception records
 * @param payloadRef  where the raw file is kept ({@code raw_file:<id>})
 */
public record InterchangeAcknowledgment(String partner, ReceivedTa1 ta1, String interchange, String source,
                                        String payloadRef) {
}
