package io.dock2ledger.posting;

import io.dock2ledger.audit.BatchedWrites;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;
import org.apache.camel.component.jms.DefaultJmsMessageListenerContainer;
import org.apache.camel.component.jms.JmsEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jms.support.JmsUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;

import java.time.Duration;

/**
 * The posting route's listener container (routes/canonical-events-to-finance.camel.yaml, {@code consumerType: Custom}):
 * Camel's own, so every message is still one Camel exchange through the route's steps and its error handling, but each
 * consumer takes up to {@code batchSize} messages that are already waiting into one database transaction and one
 * transacted JMS session, and commits them together: the database first, then the session, as the one-message consumer
 * did. A crash between the two commits redelivers the batch, and the posting ledger turns every event of it into a
 * DUPLICATE, so exactly-once holds as before. Why: one commit of each per event was most of the posting time (the profile
 * in docs/performance.md).
 * <p>
 * Each event posts inside a savepoint of the batch (EventPostingService), so an event that fails rolls back alone and
 * is retried or dead-lettered by the route's error handler while the rest of its batch commits. Only a lock conflict
 * with another batch ({@link PostingBatchConflict}), a failure of the handler itself or a failure of the batch's commit
 * rolls back the whole batch; its messages are redelivered and this consumer then takes the next {@code batchSize}
 * messages one per transaction, so the event that conflicts or fails is isolated and never holds its neighbours back
 * again. A commit the database refused for a row's data is taken again at once; any other commit failure is thrown to
 * Spring's container, which pauses the consumer before the next attempt (counted by
 * {@code dock2ledger.posting.batch.rollbacks}, tag {@code cause}: {@code refused-row} or {@code commit-failed}).
 * <p>
 * A batch waits at most {@code linger} after its first message for more to arrive (0: it only takes what the broker
 * already holds for this consumer), so a quiet queue posts each event within that time of its arrival. A short linger
 * makes batches larger under a steady load, and every batch pays one database commit (H2 writes its file on each).
 */
public class PostingBatchContainer extends DefaultJmsMessageListenerContainer {

    private static final Logger log = LoggerFactory.getLogger(PostingBatchContainer.class);

    private final PlatformTransactionManager database;
    private final int batchSize;
    private final long batchBytes;
    private final int batchRows;
    private final long lingerNanos;
    private final DistributionSummary committedBatches;
    private final Counter refusedRows;
    private final Counter failedCommits;
    private final ThreadLocal<Batch> current = new ThreadLocal<>();
    private final ThreadLocal<int[]> oneByOne = ThreadLocal.withInitial(() -> new int[1]);

    private static final class Batch {
        int received;
        /** What the received messages take in the broker (Artemis's encoded size), 0 for other JMS providers. */
        long bytes;
        boolean rolledBack;
        /** System.nanoTime() after which the batch takes only what is already there; set by its first message. */
        long lingerUntil;
    }

    /**
     * The bounds come from {@link PostingProperties}, which refuses any of them below 1 at start.
     *
     * @param batchBytes a batch takes no more messages once those it took make this many bytes: events of thousands of
     *                   lines post a few at a time, since a batch holds its rows in the heap until it commits
     * @param batchRows  ... or once the rows its events leave for the commit ({@link BatchedWrites#waiting()}) make this
     *                   many: an event of 10,000 lines leaves ~80,000, and they stay in the heap until the commit, which
     *                   then has the database write every page they changed at once
     * @param linger     how long a batch waits after its first message for more (0: never)
     */
    public PostingBatchContainer(JmsEndpoint endpoint, PlatformTransactionManager database, int batchSize,
                                 long batchBytes, int batchRows, Duration linger, MeterRegistry meters) {
        super(endpoint);
        this.database = database;
        this.batchSize = batchSize;
        this.batchBytes = batchBytes;
        this.batchRows = batchRows;
        this.lingerNanos = linger.toNanos();
        this.committedBatches = DistributionSummary.builder("dock2ledger.posting.batch.events")
                .description("Events (messages) committed together by one posting consumer")
                .register(meters);
        this.refusedRows = rollbacks("refused-row", meters);
        this.failedCommits = rollbacks("commit-failed", meters);
    }

    private static Counter rollbacks(String cause, MeterRegistry meters) {
        return Counter.builder("dock2ledger.posting.batch.rollbacks")
                .description("Posting batches rolled back at their database commit, by cause: refused-row (the "
                        + "database refused a row's data; taken again at once) or commit-failed (anything else; the "
                        + "consumer pauses before the next attempt)")
                .tag("cause", cause)
                .register(meters);
    }

    @Override
    protected boolean receiveAndExecute(Object invoker, Session session, MessageConsumer consumer) throws JMSException {
        if (session == null || consumer == null || !session.getTransacted() || getTransactionManager() != null) {
            // Not the configuration this container is made for (a cached, locally transacted session): one message
            // per transaction, as Spring's container does it.
            return super.receiveAndExecute(invoker, session, consumer);
        }
        int[] isolating = oneByOne.get();
        int limit = isolating[0] > 0 ? 1 : batchSize;
        Batch batch = new Batch();
        TransactionStatus transaction = database.getTransaction(TransactionDefinition.withDefaults());
        // Audit rows and document and interface lines of the whole batch are inserted in one JDBC batch per statement
        // just before the database commit (BatchedWrites); a failure there fails the commit and isolates as below.
        BatchedWrites.open();
        current.set(batch);
        try {
            while (batch.received < limit && batch.bytes < batchBytes && BatchedWrites.waiting() < batchRows
                    && !batch.rolledBack && doReceiveAndExecute(invoker, session, consumer, null)) {
                batch.received++;
            }
        } catch (JMSException | RuntimeException | Error failure) {
            rollBack(session, transaction, isolating);
            throw failure;
        } finally {
            current.remove();
        }
        if (batch.rolledBack) {
            // The listener failed and the session was rolled back: its messages come again; so must the database.
            database.rollback(transaction);
            isolating[0] = batchSize;
            return true;
        }
        if (batch.received == 0) {
            // Nothing came within the receive timeout: nothing to commit on either side (an idle consumer polls on).
            database.rollback(transaction);
            return false;
        }
        try {
            database.commit(transaction);
        } catch (DataIntegrityViolationException refused) {
            // The database refused a row of the batch itself (a constraint, a value too long or out of range, written
            // with the batch's other rows at its commit, such as an interface header): it would refuse it again however
            // long we waited. Handled here, not thrown: Spring's container would take it for a broken session and pause
            // this consumer 5 s (its recovery interval) before every attempt while the orders it holds wait. The
            // messages come again at once, one per transaction, so the refused one uses up its deliveries alone and is
            // dead-lettered with its exception, and its neighbours post.
            log.warn("The database refused a row of a posting batch of {} events at its commit; rolled back, its "
                    + "messages come again one per transaction: {}", batch.received,
                    refused.getMostSpecificCause().toString());
            refusedRows.increment();
            rollBack(session, transaction, isolating);
            return true;
        } catch (RuntimeException failure) {
            // Anything else (the database unreachable, its disk full, a failover) may pass: thrown, so the container
            // pauses before each attempt and the ten deliveries last about 50 s, not a second.
            failedCommits.increment();
            rollBack(session, transaction, isolating);
            throw failure;
        }
        session.commit();
        committedBatches.record(batch.received);
        isolating[0] = Math.max(0, isolating[0] - batch.received);
        return true;
    }

    private void rollBack(Session session, TransactionStatus transaction, int[] isolating) throws JMSException {
        if (!transaction.isCompleted()) {
            database.rollback(transaction);
        }
        JmsUtils.rollbackIfNecessary(session);
        isolating[0] = batchSize;
    }

    /** After the first message of a batch, what arrives within the linger, then only what the broker already holds. */
    @Override
    protected Message receiveMessage(MessageConsumer consumer) throws JMSException {
        Batch batch = current.get();
        if (batch == null || batch.received == 0) {
            return counted(batch, super.receiveMessage(consumer));
        }
        if (batch.received == 1) {
            batch.lingerUntil = System.nanoTime() + lingerNanos;
        }
        long waitMillis = (batch.lingerUntil - System.nanoTime()) / 1_000_000;
        return counted(batch, waitMillis > 0 ? consumer.receive(waitMillis) : consumer.receiveNoWait());
    }

    private static Message counted(Batch batch, Message message) {
        if (batch != null && message instanceof ActiveMQMessage artemis) {
            batch.bytes += artemis.getCoreMessage().getEncodeSize();
        }
        return message;
    }

    /** Inside a batch the commit waits for the end of the batch. */
    @Override
    protected void commitIfNecessary(Session session, Message message) throws JMSException {
        if (current.get() == null) {
            super.commitIfNecessary(session, message);
        }
    }

    @Override
    protected void rollbackOnExceptionIfNecessary(Session session, Throwable failure) throws JMSException {
        markRolledBack();
        super.rollbackOnExceptionIfNecessary(session, failure);
    }

    @Override
    protected void rollbackIfNecessary(Session session) throws JMSException {
        markRolledBack();
        super.rollbackIfNecessary(session);
    }

    private void markRolledBack() {
        Batch batch = current.get();
        if (batch != null) {
            batch.rolledBack = true;
        }
    }
}
