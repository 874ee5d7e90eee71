package io.dock2ledger.benchmark;

import io.dock2ledger.support.TestBrokers;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The floor the hub is compared with: the same broker hops, the same number of database rows and the same commits as
 * the hub's run, with no mapping, no validation, no posting rules, no reads. Runs in the benchmark JVM after the hub has
 * stopped, so the two never share the cores.
 * <ul>
 * <li>Broker: an embedded Artemis configured as Spring Boot configures the hub's (persistent, NIO journal, in-VM
 * acceptor, security off), journal in a fresh directory.</li>
 * <li>Intake: one thread reads each CSV file the hub read (same files, same order), and per file inserts one row for
 * the file, then per shipment (2 lines) the rows the hub's intake wrote per event and one persistent message with a body
 * the size of the hub's canonical event, in the shipment's order's message group; it commits the database, then the JMS
 * session, every {@link HubCommits#intakeCommitEvery()} shipments and at the end of the file, as the hub's intake
 * does.</li>
 * <li>Posting: {@link HubCommits#consumers()} consumers, each with its own transacted session and database connection;
 * each takes a batch as the hub's posting consumers do (a first message, then what arrives within the batch linger
 * and what is already waiting, up to the batch size), inserts the rows the hub's posting wrote per event for each of
 * its messages, commits the database, then JMS.</li>
 * </ul>
 * Every row goes into one narrow table with an identity key and an index, in JDBC batches, which is cheaper than the
 * hub's tables (their unique keys, foreign keys and the updates of numbering and order lines are not reproduced): the
 * baseline is an upper bound of what the hops, writes and commits allow, which is what a ratio should be taken against.
 */
final class BaselinePipeline {

    record Shape(int intakeRowsPerEvent, int postingRowsPerEvent, int messageBytes, HubCommits commits) {
    }

    record Result(long events, long lines, long elapsedMillis) {
        double linesPerSecond() {
            return lines / (Math.max(1, elapsedMillis) / 1000.0);
        }
    }

    private BaselinePipeline() {
    }

    static Result run(List<Path> files, Path brokerDir, String jdbcUrl, String user, String password, Shape shape)
            throws Exception {
        createTable(jdbcUrl, user, password);
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.apache.activemq"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(brokerConfig(brokerDir));
        broker.start();
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("vm://0");
             Connection connection = factory.createConnection()) {
            connection.start();
            long expected = countShipments(files);
            CountDownLatch done = new CountDownLatch((int) expected);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> consumers = new ArrayList<>();
            for (int c = 0; c < shape.commits().consumers(); c++) {
                Thread t = new Thread(() -> consume(connection, jdbcUrl, user, password, shape, done, failure),
                        "baseline-posting-" + c);
                t.setDaemon(true);
                consumers.add(t);
                t.start();
            }
            long start = System.currentTimeMillis();
            long lines = produce(files, connection, jdbcUrl, user, password, shape);
            if (!done.await(30, TimeUnit.MINUTES) || failure.get() != null) {
                throw new IllegalStateException("Baseline did not finish: " + done.getCount() + " left", failure.get());
            }
            long elapsed = System.currentTimeMillis() - start;
            consumers.forEach(Thread::interrupt);
            long rows = countRows(jdbcUrl, user, password);
            long expectedRows = files.size() + expected * (shape.intakeRowsPerEvent() + shape.postingRowsPerEvent());
            if (rows != expectedRows) {
                throw new IllegalStateException("Baseline wrote " + rows + " rows, not " + expectedRows);
            }
            return new Result(expected, lines, elapsed);
        } finally {
            broker.stop();
        }
    }

    private static ConfigurationImpl brokerConfig(Path dir) {
        // As spring-boot-autoconfigure's ArtemisEmbeddedConfigurationFactory sets up the hub's broker (checked with javap
        // for 3.5.9: NIO journal when persistent, in-VM acceptor, security off, DLQ and expiry addresses).
        ConfigurationImpl config = TestBrokers.persistentIn(dir);
        config.setJMXManagementEnabled(false);
        try {
            config.addAcceptorConfiguration("in-vm", "vm://0");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        config.addAddressSetting("#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of("DLQ"))
                .setExpiryAddress(SimpleString.of("ExpiryQueue")));
        return config;
    }

    private static long produce(List<Path> files, Connection connection, String url, String user, String password,
                                Shape shape) throws Exception {
        String padding = "x".repeat(Math.max(0, shape.messageBytes() - 200));
        int commitEvery = shape.commits().intakeCommitEvery();
        long lines = 0;
        try (Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
             MessageProducer producer = session.createProducer(session.createQueue("baseline.events"));
             java.sql.Connection db = DriverManager.getConnection(url, user, password);
             PreparedStatement insert = db.prepareStatement(INSERT)) {
            db.setAutoCommit(false);
            for (Path file : files) {
                String eventId = file.getFileName().toString();
                row(insert, eventId, "raw_file", file.toString());
                int uncommitted = 0;
                try (BufferedReader in = Files.newBufferedReader(file)) {
                    in.readLine(); // header
                    String first;
                    while ((first = in.readLine()) != null) {
                        String second = in.readLine();
                        lines += second == null ? 1 : 2;
                        String[] columns = first.split(",", 3);
                        for (int r = 0; r < shape.intakeRowsPerEvent(); r++) {
                            row(insert, columns[0], "intake", first);
                        }
                        TextMessage message = session.createTextMessage(first + "\n" + second + "\n" + padding);
                        message.setStringProperty("eventId", columns[0]);
                        message.setStringProperty("JMSXGroupID", columns[1]);
                        producer.send(message);
                        if (commitEvery > 0 && ++uncommitted == commitEvery) {
                            commit(insert, db, session);
                            uncommitted = 0;
                        }
                    }
                }
                commit(insert, db, session);
            }
        }
        return lines;
    }

    /** The database first, then the broker, as the hub commits. */
    private static void commit(PreparedStatement insert, java.sql.Connection db, Session session)
            throws SQLException, JMSException {
        insert.executeBatch();
        db.commit();
        session.commit();
    }

    private static void consume(Connection connection, String url, String user, String password, Shape shape,
                                CountDownLatch done, AtomicReference<Throwable> failure) {
        HubCommits commits = shape.commits();
        long lingerNanos = commits.batchLinger().toNanos();
        try (Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
             MessageConsumer consumer = session.createConsumer(session.createQueue("baseline.events"));
             java.sql.Connection db = DriverManager.getConnection(url, user, password);
             PreparedStatement insert = db.prepareStatement(INSERT)) {
            db.setAutoCommit(false);
            while (!Thread.currentThread().isInterrupted() && done.getCount() > 0) {
                Message message = consumer.receive(200);
                int batch = 0;
                long lingerUntil = System.nanoTime() + lingerNanos;
                while (message != null) {
                    String id = message.getStringProperty("eventId");
                    String body = ((TextMessage) message).getText();
                    String detail = body.substring(0, Math.min(200, body.length()));
                    for (int r = 0; r < shape.postingRowsPerEvent(); r++) {
                        row(insert, id, "posting", detail);
                    }
                    if (++batch == commits.batchSize()) {
                        break;
                    }
                    // As PostingBatchContainer: what arrives within the linger, then only what is already waiting.
                    long waitMillis = (lingerUntil - System.nanoTime()) / 1_000_000;
                    message = waitMillis > 0 ? consumer.receive(waitMillis) : consumer.receiveNoWait();
                }
                if (batch > 0) {
                    commit(insert, db, session);
                    for (int i = 0; i < batch; i++) {
                        done.countDown();
                    }
                }
            }
        } catch (JMSException | SQLException | RuntimeException e) {
            if (!Thread.currentThread().isInterrupted()) {
                failure.compareAndSet(null, e);
                while (done.getCount() > 0) {
                    done.countDown();
                }
            }
        }
    }

    private static final String INSERT = "insert into baseline_row (event_id, kind, at, detail) values (?, ?, ?, ?)";

    private static void row(PreparedStatement insert, String eventId, String kind, String detail) throws SQLException {
        insert.setString(1, eventId);
        insert.setString(2, kind);
        insert.setObject(3, OffsetDateTime.now());
        insert.setString(4, detail.length() > 4000 ? detail.substring(0, 4000) : detail);
        insert.addBatch();
    }

    private static void createTable(String url, String user, String password) throws SQLException {
        try (java.sql.Connection db = DriverManager.getConnection(url, user, password);
             Statement s = db.createStatement()) {
            s.execute("drop table if exists baseline_row");
            s.execute("""
                    create table baseline_row (
                        id       bigint generated by default as identity primary key,
                        event_id varchar(512) not null,
                        kind     varchar(16)  not null,
                        at       timestamp with time zone not null,
                        detail   varchar(4000))""");
            s.execute("create index ix_baseline_row_event on baseline_row (event_id)");
        }
    }

    private static long countRows(String url, String user, String password) throws SQLException {
        try (java.sql.Connection db = DriverManager.getConnection(url, user, password);
             Statement s = db.createStatement();
             java.sql.ResultSet rs = s.executeQuery("select count(*) from baseline_row")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long countShipments(List<Path> files) throws Exception {
        long n = 0;
        for (Path f : files) {
            try (var lines = Files.lines(f)) {
                n += lines.count() / 2; // a header, then 2 lines per shipment
            }
        }
        return n;
    }
}
