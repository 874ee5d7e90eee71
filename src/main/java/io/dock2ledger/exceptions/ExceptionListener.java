package io.dock2ledger.exceptions;

/**
 * Told of every exception recorded, after its record was written (and after the transaction that wrote it committed,
 * when there is one): the partner notices of issue 12 (a {@code .reason} line in the partner's outbox) listen here,
 * so every place that records an exception tells the partner without knowing of partner folders.
 */
public interface ExceptionListener {

    void recorded(ExceptionCategory category, String partner, String sourceDocument, String eventId, String reason,
                  String payloadRef);
}
