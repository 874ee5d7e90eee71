package io.dock2ledger.posting;

/** The ERP refused this document for good (validation, unknown account): retrying would not help. */
public class DocumentRefusedException extends RuntimeException {

    public DocumentRefusedException(String message) {
        super(message);
    }
}
