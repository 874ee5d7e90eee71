package io.dock2ledger.intake;

import io.dock2ledger.persistence.Databases;
import io.dock2ledger.support.ArtemisAuditLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.dock2ledger.persistence.FullDiskFileSystem;
import org.h2.jdbcx.JdbcDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jms.connection.JmsResourceHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A file whose JMS transaction is lost half-way (issue 13: after a broker failover Artemis rolls the transaction in
 * flight back, so a chunk's commit fails; or the session was closed under it) must fail and be read again, at once,
 * not go on to its end and be archived with a chunk stored but never queued. Real broker (in-VM), real H2.
 */
class IntakeChunksTest {

    private EmbeddedActiveMQ broker;
    private ActiveMQConnectionFactory jms;
    private Connection connection;
    private Session session;
    private JdbcTemplate db;
    private JdbcTransactionManager database;
    private IntakeChunks chunks;

    @BeforeEach
    void start() throws Exception {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(false);
        config.setSecurityEnabled(false);
        ArtemisAuditLog.off();
        config.addAcceptorConfiguration("in-vm", "vm://8");
        broker = new EmbeddedActiveMQ().setConfiguration(config).start();
        jms = new ActiveMQConnectionFactory("vm://8");
        connection = jms.createConnection();
        session = connection.createSession(true, Session.SESSION_TRANSACTED);
        // As the file route's JMS transaction (jmsTransacted) binds it.
        TransactionSynchronizationManager.bindResource(jms, new JmsResourceHolder(jms, connection, session));
        DataSource data = Databases.freshH2();
        db = new JdbcTemplate(data);
        db.execute("create table chunk_probe (n int)");
        database = new JdbcTransactionManager(data);
        chunks = new IntakeChunks(jms, database, 2);
    }

    @AfterEach
    void stop() throws Exception {
        // Some tests leave a chunk open on purpose (a failed file's transaction): nothing of it may reach the next test.
        for (Object key : new java.util.ArrayList<>(TransactionSynchronizationManager.getResourceMap().keySet())) {
            TransactionSynchronizationManager.unbindResourceIfPossible(key);
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
        TransactionSynchronizationManager.clear();
        connection.close();
        jms.close();
        broker.stop();
    }

    @Test
    void chunksCommitTheDatabaseThenTheQueuedMessages() throws Exception {
        chunks.beginDocument();
        db.update("insert into chunk_probe values (1)");
        session.createProducer(session.createQueue("chunks.test")).send(session.createTextMessage("1"));
        chunks.afterDocument(0);
        chunks.beginDocument();
        db.update("insert into chunk_probe values (2)");
        chunks.afterDocument(1);

        assertThat(db.queryForObject("select count(*) from chunk_probe", Integer.class)).isEqualTo(2);
        chunks.beginDocument();
        chunks.fileRead();
    }

    /**
     * A chunk of large events is committed by its size before its count: 100 events of 10,000 lines made one broker
     * transaction of 290 MB, over what the embedded broker holds at -Xmx256m, and the file failed there on every read.
     */
    @Test
    void aChunkIsCommittedOnceItsEventsMakeItsBytesBeforeItsCount() throws Exception {
        IntakeChunks bySize = new IntakeChunks(jms, database, 100, 1_000_000, PostingBacklog.NONE, () -> false);
        MessageProducer producer = session.createProducer(session.createQueue("chunks.bytes"));
        bySize.beginDocument();
        producer.send(session.createTextMessage("x".repeat(300_000)));
        bySize.queued(600_000); // under the budget: the chunk stays open
        bySize.afterDocument(0);
        assertThat(browse("chunks.bytes")).as("nothing committed yet").isZero();

        bySize.beginDocument();
        producer.send(session.createTextMessage("x".repeat(300_000)));
        bySize.queued(600_000); // 1,200,000 bytes: over it, committed after 2 documents of 100
        bySize.afterDocument(1);
        assertThat(browse("chunks.bytes")).isEqualTo(2);

        bySize.beginDocument();
        producer.send(session.createTextMessage("small"));
        bySize.queued(10); // a new chunk counts from zero
        bySize.afterDocument(2);
        assertThat(browse("chunks.bytes")).isEqualTo(2);
        bySize.beginDocument();
        bySize.fileRead();
        session.commit();
        assertThat(browse("chunks.bytes")).isEqualTo(3);
    }

    /** Messages on the queue that another connection can see: what a chunk's commit made visible. */
    private int browse(String queue) throws JMSException {
        try (Connection other = jms.createConnection()) {
            Session look = other.createSession(false, Session.AUTO_ACKNOWLEDGE);
            return java.util.Collections.list(look.createBrowser(look.createQueue(queue)).getEnumeration()).size();
        }
    }

    @Test
    void betweenTwoChunksIntakeWaitsUntilThePostingQueueIsBackWithinItsBound() throws Exception {
        // The posting queue of the embedded broker, read as the hub reads it: 3 at most may wait. Four events of
        // earlier files already wait (and one scheduled for later, which does not count); the broker counts a commit's
        // messages a moment after the commit returns, so they are seen counted before the file begins.
        EmbeddedPostingQueue queue = new EmbeddedPostingQueue(broker);
        try (Connection earlier = jms.createConnection()) {
            Session earlierFiles = earlier.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer queued = earlierFiles.createProducer(
                    earlierFiles.createQueue(EmbeddedPostingQueue.POSTING_QUEUE));
            Message later = earlierFiles.createTextMessage("an event waiting for its shipment");
            later.setLongProperty("_AMQ_SCHED_DELIVERY", System.currentTimeMillis() + 3_600_000);
            queued.send(later);
            for (int event = 0; event < 4; event++) {
                queued.send(earlierFiles.createTextMessage("earlier event " + event));
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.getAsLong() == 4);
        AtomicInteger reads = new AtomicInteger();
        IntakeChunks bounded = new IntakeChunks(jms, database, 2, Long.MAX_VALUE, new PostingBacklog(() -> {
            reads.incrementAndGet();
            return queue.getAsLong();
        }, 3, Duration.ofSeconds(30), new SimpleMeterRegistry()), () -> false);
        MessageProducer posting = session.createProducer(session.createQueue(EmbeddedPostingQueue.POSTING_QUEUE));
        for (int document = 0; document < 2; document++) {
            bounded.beginDocument();
            posting.send(session.createTextMessage("event " + document));
            if (document == 0) {
                bounded.afterDocument(document);
            }
        }
        // The posting takes three events once intake is seen waiting (it read the queue again and again).
        AtomicLong postingTookAt = new AtomicLong(Long.MAX_VALUE);
        Thread consumer = new Thread(() -> {
            try (Connection postingConnection = jms.createConnection()) {
                Session postingSession = postingConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() >= 3);
                postingTookAt.set(System.nanoTime());
                MessageConsumer events = postingSession.createConsumer(
                        postingSession.createQueue(EmbeddedPostingQueue.POSTING_QUEUE));
                postingConnection.start();
                for (int taken = 0; taken < 3; taken++) {
                    events.receive(5_000);
                }
                events.close(); // what it had buffered goes back to the queue
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        consumer.start();

        long committed = System.nanoTime();
        bounded.afterDocument(1);
        long resumed = System.nanoTime();
        consumer.join();

        assertThat(resumed).as("intake went on once the posting took events, not before")
                .isGreaterThan(postingTookAt.get());
        assertThat(Duration.ofNanos(resumed - committed)).as("nor at the maximum wait")
                .isLessThan(Duration.ofSeconds(25));
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.getAsLong() == 3);
        bounded.beginDocument();
        bounded.fileRead();
    }

    /**
     * A hub asked to stop (SIGTERM) ends the file in hand at the chunk it has just committed: what was read is stored
     * and queued, the rest is read at the next start. Reading on to the end, its posting consumers stopped, kept a
     * large file's hub stopping for Camel's whole 45 s timeout, which then forced it with the database closing under
     * it (GracefulStopFaultIT).
     */
    @Test
    void aHubThatIsStoppingEndsTheFileAtTheChunkItCommitted() throws Exception {
        AtomicInteger looks = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        IntakeChunks stoppable = new IntakeChunks(jms, database, 2, Long.MAX_VALUE, PostingBacklog.NONE, () -> {
            looks.incrementAndGet();
            return stopping.get();
        });
        MessageProducer producer = session.createProducer(session.createQueue("chunks.stop"));
        for (int document = 0; document < 2; document++) {
            stoppable.beginDocument();
            db.update("insert into chunk_probe values (?)", document);
            producer.send(session.createTextMessage("event " + document));
            stoppable.afterDocument(document);
        }
        assertThat(looks.get()).as("asked once at the chunk's commit, not at each document").isEqualTo(1);

        stoppable.beginDocument();
        db.update("insert into chunk_probe values (2)");
        producer.send(session.createTextMessage("event 2"));
        stoppable.afterDocument(2); // the chunk is still open: the stop is not looked at inside it
        stopping.set(true);
        stoppable.beginDocument();
        db.update("insert into chunk_probe values (3)");
        producer.send(session.createTextMessage("event 3"));

        assertThatThrownBy(() -> stoppable.afterDocument(3)).isInstanceOf(FileStoppedByShutdown.class)
                .isInstanceOf(FileTransactionLost.class).hasMessageContaining("the hub is stopping")
                .hasMessageContaining("after its document 4").hasNoCause();
        assertThat(db.queryForObject("select count(*) from chunk_probe", Integer.class))
                .as("every document read is stored").isEqualTo(4);
        assertThat(browse("chunks.stop")).as("and queued").isEqualTo(4);
        assertThatThrownBy(stoppable::fileRead).as("the file is not archived: it is read again")
                .isInstanceOf(FileTransactionLost.class);
    }

    @Test
    void whenAChunksJmsCommitFailsEveryFurtherDocumentAndTheFileFailAtOnce() throws Exception {
        chunks.beginDocument();
        db.update("insert into chunk_probe values (1)");
        chunks.beginDocument();
        db.update("insert into chunk_probe values (2)");
        // The broker connection goes away between the chunk's database commit and its JMS commit.
        session.close();

        assertThatThrownBy(() -> chunks.afterDocument(1)).isInstanceOf(FileTransactionLost.class)
                .hasMessageContaining("stored but not queued").hasNoCause();
        assertThat(db.queryForObject("select count(*) from chunk_probe", Integer.class))
                .as("the database commits first: the re-read finds these events and queues them again").isEqualTo(2);
        assertThatThrownBy(chunks::beginDocument).isInstanceOf(FileTransactionLost.class);
        assertThatThrownBy(chunks::fileRead).as("so the file is not archived").isInstanceOf(FileTransactionLost.class);
    }

    @Test
    void aFileWhoseSessionWasClosedUnderItFailsAtItsNextDocument() throws Exception {
        chunks.beginDocument();
        session.close();

        assertThatThrownBy(chunks::beginDocument).isInstanceOf(FileTransactionLost.class)
                .hasMessageContaining("session of the file's transaction is closed");
        assertThatThrownBy(chunks::fileRead).isInstanceOf(FileTransactionLost.class);
    }

    /**
     * A document's database work (EventIntake's transaction, which joins the chunk) fails inside the chunk and the error
     * handling retries it with success: the chunk can then only roll back. Committing the JMS side at the chunk's end
     * would queue its events with their rows gone; the file fails instead and is read again.
     */
    @Test
    void aDocumentWhoseDatabaseWorkFailedInsideTheChunkFailsTheFileInsteadOfQueuingEventsWithoutRows() throws Exception {
        TransactionTemplate perEvent = new TransactionTemplate(database);
        jakarta.jms.MessageProducer queue = session.createProducer(session.createQueue("chunks.doomed"));
        chunks.beginDocument();
        perEvent.executeWithoutResult(status -> db.update("insert into chunk_probe values (1)"));
        queue.send(session.createTextMessage("1"));
        chunks.afterDocument(0);
        chunks.beginDocument();
        assertThatThrownBy(() -> perEvent.executeWithoutResult(status -> db.update("insert into no_such_table values (2)")))
                .isInstanceOf(DataAccessException.class);
        // The intake's error handling retries the step, and this time it works.
        perEvent.executeWithoutResult(status -> db.update("insert into chunk_probe values (2)"));
        queue.send(session.createTextMessage("2"));

        assertThatThrownBy(() -> chunks.afterDocument(1)).isInstanceOf(FileTransactionLost.class)
                .hasMessageContaining("can only roll back");
        assertThatThrownBy(chunks::beginDocument).isInstanceOf(FileTransactionLost.class);
        assertThat(db.queryForObject("select count(*) from chunk_probe", Integer.class)).isZero();
        session.rollback(); // the failed file's JMS transaction
        try (Session reader = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            assertThat(reader.createConsumer(reader.createQueue("chunks.doomed")).receive(500))
                    .as("nothing of the doomed chunk was queued").isNull();
        }
    }

    /**
     * The database closed itself under a file (a full disk): the chunk's connection, held for the whole file, is dead,
     * and every further document would fail on it after the full retry backoff. After a document failed, the next one
     * finds the connection broken and the file fails at once, to be read again on a new connection.
     */
    @Test
    void afterAFailedDocumentABrokenChunkConnectionFailsTheFileAtOnce() throws Exception {
        chunks.beginDocument();
        db.update("insert into chunk_probe values (1)");
        // The document fails (no afterDocument) because the database closed itself under the chunk's connection.
        ConnectionHolder held = (ConnectionHolder) TransactionSynchronizationManager.getResource(database.getDataSource());
        held.getConnection().close();

        assertThatThrownBy(chunks::beginDocument).isInstanceOf(FileTransactionLost.class)
                .hasMessageContaining("open chunk is broken");
        assertThat(TransactionSynchronizationManager.getResource(database.getDataSource()))
                .as("the chunk is gone: the file's next read takes a new connection").isNull();
        assertThatThrownBy(chunks::fileRead).isInstanceOf(FileTransactionLost.class);
    }

    /**
     * A full disk, as H2 meets it (a write fails with ENOSPC, FullDiskFileSystem): H2 closes the whole database and
     * leaves the chunk's session open, so JDBC's isValid still answers true on its connection. A document fails on that
     * connection, its retries spent; the next document must fail the file at once, so that it is read again on a new
     * connection once the database is back. (In DiskFullFaultIT every further document failed on the dead connection
     * after the full retry backoff, 8 s each, and the file stayed in the inbox until the hub was restarted.)
     */
    @Test
    void aDatabaseThatClosedItselfOnAFullDiskFailsTheFileAtTheNextDocument(@TempDir Path dir) throws Exception {
        FullDiskFileSystem.register();
        JdbcDataSource file = new JdbcDataSource();
        file.setURL("jdbc:h2:fulldisk:" + dir.resolve("hub") + ";WRITE_DELAY=0");
        JdbcTemplate onDisk = new JdbcTemplate(file);
        onDisk.execute("create table chunk_probe (n int)");
        JdbcTransactionManager fileDatabase = new JdbcTransactionManager(file);
        IntakeChunks fileChunks = new IntakeChunks(jms, fileDatabase, 100);
        fileChunks.beginDocument();
        onDisk.update("insert into chunk_probe values (1)");
        fileChunks.afterDocument(0);
        fileChunks.beginDocument();
        try {
            FullDiskFileSystem.fill();
            java.sql.Connection other = file.getConnection();
            assertThatThrownBy(() -> other.createStatement().execute("insert into chunk_probe values (0)"))
                    .as("a commit on a full disk").isInstanceOf(java.sql.SQLException.class);
            // Closing the session that met the failure reports it once more: H2's "background exception".
            assertThatThrownBy(other::close).isInstanceOf(java.sql.SQLException.class);
        } finally {
            FullDiskFileSystem.free();
        }
        ConnectionHolder held = (ConnectionHolder) TransactionSynchronizationManager.getResource(file);
        assertThat(held.getConnection().isValid(2)).as("H2 still calls the chunk's connection valid").isTrue();
        // The document's work fails on the chunk's connection, retried as a technical failure, in vain.
        List<DataAccessException> failures = new ArrayList<>();
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                onDisk.update("insert into chunk_probe values (2)");
            } catch (DataAccessException e) {
                failures.add(e);
            }
        }
        assertThat(failures).as("every attempt failed on the dead connection").hasSize(5)
                .allSatisfy(e -> assertThat(e).hasMessageContaining("closed"));
        fileChunks.documentFailed(failures.get(4));

        assertThatThrownBy(fileChunks::beginDocument).as("the rest of the file fails at once, without retries")
                .isInstanceOf(FileTransactionLost.class).hasMessageContaining("a document failed after its retries");
        assertThat(TransactionSynchronizationManager.getResource(file))
                .as("the dead chunk is rolled back: the file's next read takes a new connection").isNull();
        assertThat(onDisk.queryForObject("select count(*) from chunk_probe", Integer.class))
                .as("the database opens again from its last commit").isZero();
    }
}
