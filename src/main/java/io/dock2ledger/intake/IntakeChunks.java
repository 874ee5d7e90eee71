package io.dock2ledger.intake;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import org.springframework.jms.connection.JmsResourceHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Commits a file's queued events every {@code documents} documents (routes/partner-inbox-to-canonical.camel.yaml, step
 * {@code commit-queued-chunk}), so a large file's events post while the rest of it is still read, instead of all of them
 * waiting for the file's one JMS commit at its end.
 * <p>
 * Safe because intake is idempotent, not because the file is all-or-nothing: a file that fails or a hub that dies
 * half-way has queued its first chunks; the file stays in the inbox and is read again, and every event of it comes back
 * with the same event id (canonical.EventFingerprint), which the posting ledger turns into a DUPLICATE for those
 * already posted. The file is still moved out of the inbox only when all of it is done.
 */
public class IntakeChunks {

    private final ConnectionFactory connectionFactory;
    private final int documents;

    /**
     * @param connectionFactory the JMS transaction manager's, under which the file's transaction is bound
     * @param documents         documents per commit; 0 commits once per file
     */
    public IntakeChunks(ConnectionFactory connectionFactory, int documents) {
        this.connectionFactory = connectionFactory;
        this.documents = documents;
    }

    /** @param splitIndex the 0-based index of the document just queued in its file */
    public void afterDocument(int splitIndex) throws JMSException {
        if (documents <= 0 || (splitIndex + 1) % documents != 0) {
            return;
        }
        // The session stays bound: what is queued after this commit belongs to the next local transaction of the same
        // session, which the file's transaction commits (or rolls back) at its end.
        if (TransactionSynchronizationManager.getResource(connectionFactory) instanceof JmsResourceHolder file) {
            file.commitAll();
        }
    }
}
