package io.dock2ledger.intake;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jms.connection.JmsResourceHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.ResourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.SQLException;
import java.util.function.BooleanSupplier;


/**
 * Commits a file's documents in chunks (routes/partner-inbox-to-canonical.camel.yaml, steps {@code begin-chunk},
 * {@code commit-queued-chunk}, {@code commit-last-chunk}; routes/edi-file-to-canonical.camel.yaml, steps
 * {@code begin-edi-*} and {@code commit-*-edi-chunk}, where one document is one transaction set): the events of
 * {@code documents} documents are stored and audited in one database transaction and queued in one JMS commit, the
 * database first. Two things follow: a large
 * file's events post while the rest of it is still read, instead of all of them waiting for the file's one JMS commit at
 * its end; and intake writes one database commit per chunk instead of one per event (each commit was a third of the
 * intake thread's time in the profile of docs/performance.md).
 * <p>
 * Safe because intake is idempotent, not because the file is all-or-nothing: a file that fails or a hub that dies
 * half-way has queued its first chunks; the file stays in the inbox and is read again, and every event of it comes back
 * with the same event id (canonical.EventFingerprint): the event store knows it, and the posting ledger turns it into a
 * DUPLICATE where it already posted. The file is still moved out of the inbox only when all of it is done.
 * <p>
 * What that needs of a chunk's JMS commit: when it fails (after a broker failover Artemis rolls the transaction in
 * flight back and its commit throws), the chunk's events are stored but not queued, so the file must not go on and be
 * archived: it must be read again. From then on every document of the file fails at once ({@link FileTransactionLost},
 * which the intake's error handling does not retry) and so does the file; the file's transaction rolls back, the file
 * stays in the inbox and is read again on a new session. The same holds when the session of the file's transaction was
 * closed under it: retrying each remaining document on it, with the full backoff, kept a failed-over hub's inbox
 * blocked for many minutes (issue 13).
 * <p>
 * A hub asked to stop (SIGTERM) ends the file in hand at the next chunk it commits ({@link FileStoppedByShutdown}):
 * Camel's graceful shutdown waits for the file's exchange, and a large file read on to its end, its posting consumers
 * already stopped, until the shutdown's 45 s timeout forced it, with the database closing under it
 * (docs/reliability.md, "A stop asked for").
 */
public class IntakeChunks {

    private static final Logger log = LoggerFactory.getLogger(IntakeChunks.class);

    private final ConnectionFactory connectionFactory;
    private final PlatformTransactionManager database;
    private final int documents;
    private final long chunkBytes;
    private final PostingBacklog backlog;
    /** True once the hub is stopping: the file in hand ends at its next chunk. */
    private final BooleanSupplier stopping;
    /** What the open chunk of this thread's file has queued, in bytes of posting messages ({@link #queued}). */
    private final ThreadLocal<long[]> queuedBytes = ThreadLocal.withInitial(() -> new long[1]);
    /** The open chunk's transaction of the file this thread reads (one inbox route per partner, one thread each). */
    private final ThreadLocal<TransactionStatus> open = new ThreadLocal<>();
    /** Why the file this thread reads can no longer be queued, once it cannot. */
    private final ThreadLocal<String> lost = new ThreadLocal<>();
    /** True from a document's start until it is done: still true at the next document's start when it failed. */
    private final ThreadLocal<Boolean> inDocument = new ThreadLocal<>();

    /**
     * @param connectionFactory the JMS transaction manager's, under which the file's JMS transaction is bound
     * @param database          the database transaction manager
     * @param documents         documents per commit; 0 commits once per file, each event's rows on their own
     */
    public IntakeChunks(ConnectionFactory connectionFactory, PlatformTransactionManager database, int documents) {
        this(connectionFactory, database, documents, Long.MAX_VALUE, PostingBacklog.NONE, () -> false);
    }

    /**
     * @param chunkBytes a chunk is also committed once its documents queued this many bytes of posting messages, so that
     *                   a chunk of large events (thousands of lines each) never holds more than the broker takes in
     *                   one transaction: 100 events of 10,000 lines were 290 MB, over the embedded broker's 128 MB at
     *                   {@code -Xmx256m}, and the file failed at the same chunk on every read
     * @param backlog    waited on between two chunks, so that intake runs a bounded lead ahead of posting
     * @param stopping   true once the hub is stopping (Camel's context): the file in hand ends at its next chunk
     */
    public IntakeChunks(ConnectionFactory connectionFactory, PlatformTransactionManager database, int documents,
                        long chunkBytes, PostingBacklog backlog, BooleanSupplier stopping) {
        this.connectionFactory = connectionFactory;
        this.database = database;
        this.documents = documents;
        this.chunkBytes = chunkBytes;
        this.backlog = backlog;
        this.stopping = stopping;
    }

    /**
     * Before the file's documents are split: makes sure that whatever way the file ends, no chunk transaction outlives
     * it on this thread. A file that failed rolls its open chunk back (its events were not queued either); a file whose
     * failure was handled (quarantined with an exception) commits it, as its JMS transaction was. This runs before the
     * file's read lock is released.
     */
    public void beginFile(Exchange file) {
        lost.remove();
        inDocument.remove();
        if (documents <= 0) {
            return;
        }
        rollBackOpenChunk();
        file.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange done) {
                lost.remove();
                commitOpenChunk();
            }

            @Override
            public void onFailure(Exchange done) {
                lost.remove();
                rollBackOpenChunk();
                String name = done.getIn().getHeader(Exchange.FILE_NAME, String.class);
                if (done.getException(FileStoppedByShutdown.class) != null) {
                    log.info("File {} stays in the inbox: the hub stopped while reading it, and reads it again at its "
                            + "next start", name);
                    return;
                }
                // Which file, for operators (and TwoHubsFaultIT, which allows exactly these files a second read).
                log.warn("File {} failed and stays in the inbox, to be read again: {}", name,
                        String.valueOf(done.getException()));
            }

            @Override
            public int getOrder() {
                return HIGHEST;
            }
        });
    }

    /**
     * Before each document: opens a chunk's database transaction if none is open; fails at once when the file can no
     * longer be queued.
     */
    public void beginDocument() {
        failIfLost();
        if (Boolean.TRUE.equals(inDocument.get())) {
            failIfChunkConnectionBroken();
        }
        inDocument.set(Boolean.TRUE);
        if (documents > 0 && open.get() == null) {
            open.set(database.getTransaction(TransactionDefinition.withDefaults()));
            queuedBytes.get()[0] = 0;
        }
        failIfChunkDoomed();
    }

    /**
     * An event of the document in hand is queued, a message of {@code messageBytes} on the broker (EventIntake):
     * counted against the open chunk's bytes. Nothing without a chunk (a partner's message, a webhook, the resubmit).
     */
    public void queued(long messageBytes) {
        if (documents > 0 && open.get() != null) {
            queuedBytes.get()[0] += messageBytes;
        }
    }

    /**
     * After a document: every {@code documents} documents, or once the chunk queued {@code chunkBytes}, commits the
     * chunk's database transaction, then what the file's JMS session queued so far. Between two chunks nothing of the
     * file is open: the place to let the posting catch up, and to end the file when the hub is stopping.
     *
     * @param splitIndex the 0-based index of the document just queued in its file
     */
    public void afterDocument(int splitIndex) throws JMSException {
        inDocument.set(Boolean.FALSE);
        if (documents > 0 && open.get() != null
                && ((splitIndex + 1) % documents == 0 || queuedBytes.get()[0] >= chunkBytes)) {
            commitChunk();
            backlog.awaitRoom(stopping); // at once when the hub is stopping: its posting consumers make no room
            stopIfStopping(splitIndex);
        }
    }

    /** Ends the file after its committed chunk when the hub is stopping ({@link FileStoppedByShutdown}). */
    private void stopIfStopping(int splitIndex) {
        if (stopping.getAsBoolean()) {
            String reason = "the hub is stopping: the file ends after its document " + (splitIndex + 1)
                    + ", committed and queued with every document before it; it stays in the inbox and is read again "
                    + "at the next start";
            log.info("The file in hand stops here, {}", reason);
            lost.set(reason);
            throw new FileStoppedByShutdown(reason);
        }
    }

    /**
     * A document failed for a technical reason, its retries spent (route configuration intake-error-handling): the file
     * fails and is read again whatever the rest of it does, so the rest fails at once ({@link FileTransactionLost}, not
     * retried) instead of being worked through on what just failed. After a full disk every later document of a file
     * failed on the chunk's dead connection, each after the full retry backoff (8 s), for as long as the file had
     * documents (DiskFullFaultIT). The open chunk is rolled back now, which frees its connection. A business failure (a
     * bad document, recorded as an exception) is not one of these: the file goes on.
     */
    public void documentFailed(Exception cause) {
        if (Boolean.TRUE.equals(inDocument.get()) && lost.get() == null) {
            abandonChunk("a document failed after its retries, so the file is read again: " + cause);
        }
    }

    /** After the file's last document: commits the last chunk's database transaction; the route's JMS commit follows. */
    public void fileRead() {
        String reason = lost.get();
        if (reason != null) {
            throw new FileTransactionLost(reason);
        }
        failIfChunkDoomed();
        commitOpenChunk();
    }

    /**
     * Fails the file when its open chunk can only roll back: a document whose database work failed inside it (a
     * technical failure the error handling then retried with success) marked it rollback-only. Committing it would
     * throw, and the retry of that step would find no chunk and go on: the chunk's events would be queued at the next
     * JMS commit with their rows rolled back. The file is read again instead.
     */
    private void failIfChunkDoomed() {
        TransactionStatus chunk = open.get();
        if (chunk != null && chunk.isRollbackOnly()) {
            throw abandonChunk("a document's database work failed inside the open chunk, which can only roll back");
        }
    }

    /**
     * After a document failed (its retries spent), fails the file when the open chunk's database connection is broken:
     * the chunk holds its connection for the whole file, so a database that closed itself (a full disk; the pool is
     * renewed by ClosedDatabaseRecovery) would fail every remaining document of the file on that connection, each after
     * the full retry backoff, and hold the inbox for many minutes. The file is read again on a new connection instead.
     * Checked only after a failed document: on PostgreSQL the check is a round trip.
     */
    private void failIfChunkConnectionBroken() {
        if (open.get() == null || !(database instanceof ResourceTransactionManager resources)) {
            return;
        }
        if (TransactionSynchronizationManager.getResource(resources.getResourceFactory()) instanceof ConnectionHolder held) {
            boolean valid;
            try {
                valid = held.getConnection().isValid(2);
            } catch (SQLException | RuntimeException e) {
                valid = false;
            }
            if (!valid) {
                throw abandonChunk("the database connection of the file's open chunk is broken");
            }
        }
    }

    /**
     * Rolls the open chunk back (a rollback that fails too, on a broken connection, still unbinds it) and fails the
     * file: it is read again with a new chunk.
     */
    private FileTransactionLost abandonChunk(String reason) {
        try {
            rollBackOpenChunk();
        } catch (RuntimeException rollbackFailed) {
            log.debug("Rolling back the abandoned chunk failed too: {}", rollbackFailed.toString());
        }
        return lose(reason, null);
    }

    private void commitOpenChunk() {
        TransactionStatus chunk = open.get();
        open.remove();
        if (chunk != null) {
            database.commit(chunk);
        }
    }

    private void commitChunk() throws JMSException {
        failIfChunkDoomed();
        TransactionStatus chunk = open.get();
        open.remove();
        try {
            database.commit(chunk);
        } catch (RuntimeException e) {
            throw lose("the database commit of a chunk failed, its events are queued but not stored: " + e, e);
        }
        // The session stays bound: what is queued after this commit belongs to the next local transaction of the same
        // session, which the file's transaction commits (or rolls back) at its end.
        if (TransactionSynchronizationManager.getResource(connectionFactory) instanceof JmsResourceHolder queued) {
            try {
                queued.commitAll();
            } catch (JMSException | RuntimeException e) {
                throw lose("the JMS commit of a chunk failed, its events are stored but not queued: " + e, e);
            }
        }
    }

    /** Fails when the file can no longer be queued: a chunk's JMS commit failed, or its session was closed. */
    private void failIfLost() {
        String reason = lost.get();
        if (reason != null) {
            throw new FileTransactionLost(reason);
        }
        if (TransactionSynchronizationManager.getResource(connectionFactory) instanceof JmsResourceHolder queued) {
            Session session = queued.getSession();
            try {
                if (session != null) {
                    // Any call on a closed JMS session throws IllegalStateException; this one asks nothing of the broker.
                    session.getTransacted();
                }
            } catch (JMSException | RuntimeException e) {
                throw lose("the JMS session of the file's transaction is closed: " + e, e);
            }
        }
    }

    /**
     * Without the cause chained: the error handling picks its clause from the innermost cause, which would be the JMS
     * exception's, retried as a technical failure. The cause is logged here instead.
     */
    private FileTransactionLost lose(String reason, Exception cause) {
        if (lost.get() == null) {
            log.warn("The file in hand is failed and will be read again: {}", reason, cause);
        }
        lost.set(reason);
        return new FileTransactionLost(reason);
    }

    private void rollBackOpenChunk() {
        TransactionStatus chunk = open.get();
        open.remove();
        if (chunk != null && !chunk.isCompleted()) {
            database.rollback(chunk);
        }
    }
}
