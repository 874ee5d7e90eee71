package io.dock2ledger.support;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What the tests that run an Artemis broker in their own JVM share: its configuration on a directory, and a drain. */
public final class TestBrokers {

    private TestBrokers() {
    }

    /**
     * A persistent broker keeping everything under {@code dir} (journal, bindings, paging, large messages), NIO journal
     * (the one every file system takes, tmpfs included), security off; acceptors and address settings are the test's.
     */
    public static ConfigurationImpl persistentIn(Path dir) {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(true);
        config.setSecurityEnabled(false);
        config.setJournalType(JournalType.NIO);
        config.setJournalDirectory(dir.resolve("journal").toString());
        config.setBindingsDirectory(dir.resolve("bindings").toString());
        config.setPagingDirectory(dir.resolve("paging").toString());
        config.setLargeMessagesDirectory(dir.resolve("large-messages").toString());
        return config;
    }

    /** What a text message is to the test: its text, or one of its properties. */
    @FunctionalInterface
    public interface Read {
        String of(TextMessage message) throws JMSException;
    }

    /** Every message on the queue (see below): waits up to 2 s for the first, stops when none comes within 0.5 s. */
    public static List<String> drain(ConnectionFactory client, String queue, Read read) throws JMSException {
        return drain(client, queue, Duration.ofSeconds(2), Duration.ofMillis(500), read);
    }

    /**
     * Every message on the queue, read in transactions of at most 500 and committed: waits up to {@code firstWithin}
     * for the first, then stops when none comes within {@code nextWithin}.
     */
    public static List<String> drain(ConnectionFactory client, String queue, Duration firstWithin, Duration nextWithin,
                                     Read read) throws JMSException {
        List<String> received = new ArrayList<>();
        try (Connection connection = client.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            int sinceCommit = 0;
            for (TextMessage m = (TextMessage) consumer.receive(firstWithin.toMillis()); m != null;
                 m = (TextMessage) consumer.receive(nextWithin.toMillis())) {
                received.add(read.of(m));
                if (++sinceCommit == 500) {
                    session.commit();
                    sinceCommit = 0;
                }
            }
            session.commit();
        }
        return received;
    }
}
