package io.dock2ledger.edi.read;

/**
 * Thrown by {@link EdiIntake#read} when the caller's transaction consumer threw: that is the caller's failure, not bad
 * input, so it is not turned into a rejection. The interchange being delivered is recorded as FAILED, so that a retry
 * of the same file is not refused as a duplicate.
 */
public final class TransactionConsumerException extends RuntimeException {

    public TransactionConsumerException(RuntimeException cause) {
        super("The EDI transaction consumer failed: " + cause.getMessage(), cause);
    }
}
