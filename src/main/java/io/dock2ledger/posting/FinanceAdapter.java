package io.dock2ledger.posting;

import io.dock2ledger.posting.documents.StoredDocument;

import java.util.Optional;

/**
 * Hands finance documents to the finance system. Implementations must be idempotent by document number: the
 * same document delivered twice (after a crash between delivery and acknowledgment) must exist once in the ERP.
 * The default writes the ERP interface tables in the hub's own database; REST ERPs, Tryton and a file export plug
 * in here (docs/erp.md).
 * <p>
 * How a delivery can fail: {@link ErpUnavailableException} (the ERP cannot take it now: the document waits and is
 * tried again, however long the outage), {@link DocumentRefusedException} (the ERP refused this document: it
 * fails with a DELIVERY_FAILED exception for its owner); anything else is retried a few times, then fails.
 */
public interface FinanceAdapter {

    /** A short name for logs, metrics and the audit trail, e.g. {@code interface-tables}. */
    String name();

    /** Delivers the document and returns the ERP's reference for it. */
    String deliver(StoredDocument document);

    /**
     * True when the reference {@link #deliver} returns is the ERP's own document id (delivery status CONFIRMED);
     * false when it only says the document was handed over (a file written for a batch import: DELIVERED).
     */
    default boolean confirms() {
        return true;
    }

    /**
     * True when the adapter writes only into the hub's own database (the interface tables): it may then run inside
     * the posting transaction, committing with the documents, with no remote call holding locks.
     */
    default boolean writesToHubDatabase() {
        return false;
    }

    /**
     * Finds a document the ERP may already hold, by the hub's document number, before it is sent again after an
     * attempt whose outcome is unknown (a timeout, a crash mid-call). Empty if the ERP does not have it (or cannot
     * be asked: then the adapter's own idempotency by document number must hold).
     */
    default Optional<String> lookup(StoredDocument document) {
        return Optional.empty();
    }
}
