package io.dock2ledger.edi.syntax;

/**
 * What identifies an interchange for duplicate detection: the sender (qualifier and id) and its control number.
 *
 * @param senderQualifier ISA05 / UNB S002.0007 (empty when absent)
 * @param sender          ISA06 / UNB S002.0004, trimmed
 * @param control         ISA13 / UNB 0020, as written
 */
public record InterchangeKey(String senderQualifier, String sender, String control) {

    public InterchangeKey {
        senderQualifier = senderQualifier == null ? "" : senderQualifier.strip();
        sender = sender == null ? "" : sender.strip();
        control = control == null ? "" : control.strip();
    }

    public static InterchangeKey of(InterchangeEnvelope envelope) {
        return new InterchangeKey(envelope.senderQualifier(), envelope.sender(), envelope.control());
    }
}
