package io.dock2ledger.intake;

/**
 * The file in hand can no longer be queued in its JMS transaction (a chunk's commit failed, or the transaction's
 * session was closed): the file must fail and be read again, and retrying its documents one by one cannot help. The
 * intake's error handling (routes/error-handling.camel.yaml, {@code intake-file-transaction-lost}) does not retry it.
 * See {@link IntakeChunks}. It carries no cause on purpose: Camel picks the onException clause from the innermost cause,
 * which would be retried as a technical failure.
 */
public class FileTransactionLost extends IllegalStateException {

    public FileTransactionLost(String reason) {
        super(reason);
    }
}
