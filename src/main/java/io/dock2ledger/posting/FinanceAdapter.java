package io.dock2ledger.posting;

import io.dock2ledger.posting.documents.StoredDocument;

/**
 * Hands finance documents to the finance system. Implementations must be idempotent by document number: the
 * same document delivered twice (after a crash between delivery and acknowledgment) must exist once in the ERP.
 * The default writes the ERP interface tables in the hub's own database; REST ERPs and Tryton plug in here.
 */
public interface FinanceAdapter {

    /** A short name for logs, metrics and the audit trail, e.g. {@code interface-tables}. */
    String name();

    /** Delivers the document and returns the ERP's reference for it. */
    String deliver(StoredDocument document);
}
