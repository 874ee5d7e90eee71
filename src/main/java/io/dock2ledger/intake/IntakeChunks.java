package io.dock2ledger.intake;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.springframework.jms.connection.JmsResourceHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;


/**
 * Commits a file's documents in chunks (routes/partner-inbox-to-canonical.camel.yaml, steps {@code begin-chunk},
 * {@code commit-queued-chunk}, {@code commit-last-chunk}): the events of {@code documents} documents are stored and
 * audited in one database transaction and queued in one JMS commit, the database first. Two things follow: a large
 * file's events post while the rest of it is still read, instead of all of them waiting for the file's one JMS commit at
 * its end; and intake writes one database commit per chunk instead of one per event (each commit was a third of the
 * intake thread's time in the profile of docs/performance.md).
 * <p>
 * Safe because intake is idempotent, not because the file is all-or-nothing: a file that fails or a hub that dies
 * half-way has queued its first chunks; the file stays in the inbox and is read again, and every event of it comes back
 * with the same event id (canonical.EventFingerprint): the event store knows it, and the posting ledger turns it into a
 * DUPLICATE where it already posted. The file is still moved out of the inbox only when all of it is done.
 */
public class IntakeChunks {

    private final ConnectionFactory connectionFactory;
    private final PlatformTransactionManager database;
    private final int documents;
    /** The open chunk's transaction of the file this thread reads (one inbox route per partner, one thread each). */
    private final ThreadLocal<TransactionStatus> open = new ThreadLocal<>();

    /**
     * @param connectionFactory the JMS transaction manager's, under which the file's JMS transaction is bound
     * @param database          the database transaction manager
     * @param documents         documents per commit; 0 commits once per file, each event's rows on their own
     */
    public IntakeChunks(ConnectionFactory connectionFactory, PlatformTransactionManager database, int documents) {
        this.connectionFactory = connectionFactory;
        this.database = database;
        this.documents = documents;
    }

    /**
     * Before the file's documents are split: makes sure that whatever way the file ends, no chunk transaction outlives
     * it on this thread. A file that failed rolls its open chunk back (its events were not queued either); a file whose
     * failure was handled (quarantined with an exception) commits it, as its JMS transaction was. This runs before the
     * file's read lock is released.
     */
    public void beginFile(Exchange file) {
        if (documents <= 0) {
            return;
        }
        rollBackOpenChunk();
        file.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange done) {
                fileRead();
            }

            @Override
            public void onFailure(Exchange done) {
                rollBackOpenChunk();
            }

            @Override
            public int getOrder() {
                return HIGHEST;
            }
        });
    }

    /** Before each document: opens a chunk's database transaction if none is open. */
    public void beginDocument() {
        if (documents > 0 && open.get() == null) {
            open.set(database.getTransaction(TransactionDefinition.withDefaults()));
        }
    }

    /**
     * After a document: every {@code documents} documents, commits the chunk's database transaction, then what the
     * file's JMS session queued so far.
     *
     * @param splitIndex the 0-based index of the document just queued in its file
     */
    public void afterDocument(int splitIndex) throws JMSException {
        if (documents > 0 && (splitIndex + 1) % documents == 0 && open.get() != null) {
            commitChunk();
        }
    }

    /** After the file's last document: commits the last chunk's database transaction; the route's JMS commit follows. */
    public void fileRead() {
        TransactionStatus chunk = open.get();
        open.remove();
        if (chunk != null) {
            database.commit(chunk);
        }
    }

    private void commitChunk() throws JMSException {
        TransactionStatus chunk = open.get();
        open.remove();
        database.commit(chunk);
        // The session stays bound: what is queued after this commit belongs to the next local transaction of the same
        // session, which the file's transaction commits (or rolls back) at its end.
        if (TransactionSynchronizationManager.getResource(connectionFactory) instanceof JmsResourceHolder queued) {
            queued.commitAll();
        }
    }

    private void rollBackOpenChunk() {
        TransactionStatus chunk = open.get();
        open.remove();
        if (chunk != null && !chunk.isCompleted()) {
            database.rollback(chunk);
        }
    }
}
