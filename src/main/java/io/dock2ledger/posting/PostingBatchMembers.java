package io.dock2ledger.posting;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.List;

/**
 * What EventPostingService needs to know of the batch transaction it posts in: whether earlier events of the batch
 * already hold locks, and when the batch commits (its counters count only what committed). Outside a batch the event's
 * own transaction has completed when it is asked, so it counts at once.
 */
final class PostingBatchMembers {

    private static final Object KEY = PostingBatchMembers.class;

    private PostingBatchMembers() {
    }

    /** True when this thread's transaction already holds an earlier event of the same batch. */
    static boolean heldBefore() {
        return TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.hasResource(KEY);
    }

    /** Records a posted event in the batch; its counters run after the batch commits (at once outside a batch). */
    static void joined(List<Runnable> afterCommit) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            afterCommit.forEach(Runnable::run);
            return;
        }
        if (!TransactionSynchronizationManager.hasResource(KEY)) {
            TransactionSynchronizationManager.bindResource(KEY, Boolean.TRUE);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(KEY);
                }
            });
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                afterCommit.forEach(Runnable::run);
            }
        });
    }
}
