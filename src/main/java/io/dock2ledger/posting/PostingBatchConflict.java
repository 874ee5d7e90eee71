package io.dock2ledger.posting;

/**
 * An event of a posting batch met a lock held by another consumer's batch (or a concurrent claim of its document) while
 * its own batch already holds the locks of earlier events: waiting could deadlock the two batches, so the whole batch
 * rolls back and its messages come again, one per transaction (PostingBatchContainer). The posting route lets this
 * failure through unhandled, without retries, for exactly that.
 */
public class PostingBatchConflict extends RuntimeException {

    public PostingBatchConflict(String eventId, RuntimeException cause) {
        super("Event " + eventId + " conflicts with another posting batch; its batch is rolled back and retried one by one",
                cause);
    }
}
