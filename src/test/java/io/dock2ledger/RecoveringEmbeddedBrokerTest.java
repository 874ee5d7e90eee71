package io.dock2ledger;

import io.dock2ledger.support.ArtemisAuditLog;
import io.dock2ledger.support.TestBrokers;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real persistent broker (NIO journal in a temporary directory) that meets a critical IO error the way its journal
 * reports one ({@code StorageManager.criticalError}, which a failed journal or page write calls): Artemis stops it,
 * and {@link RecoveringEmbeddedBroker} starts a new one on the same journal, with every committed message, again and
 * again; while the disk is above the broker's max-disk-usage it waits; once the hub stops it, it stays stopped.
 * The same on a disk that is really full: DiskFullFaultIT and BrokerDiskFullFaultIT (fault-injection profile, root).
 */
class RecoveringEmbeddedBrokerTest {

    private static final String QUEUE = "recovering.test";

    @TempDir
    Path dir;

    private ConfigurationImpl config;
    private RecoveringEmbeddedBroker broker;
    private ActiveMQConnectionFactory client;

    @BeforeEach
    void startBroker() throws Exception {
        ArtemisAuditLog.off();
        config = TestBrokers.persistentIn(dir);
        config.addAcceptorConfiguration("in-vm", "vm://41");
        broker = new RecoveringEmbeddedBroker(config, Duration.ofMillis(100));
        broker.start();
        client = new ActiveMQConnectionFactory("vm://41");
    }

    @AfterEach
    void stopBroker() throws Exception {
        client.close();
        broker.stop();
    }

    @Test
    void aNewBrokerStartsOnTheSameJournalAfterACriticalIoErrorWithEveryCommittedMessage() throws Exception {
        send("before", 50);
        ActiveMQServer failed = broker.getActiveMQServer();

        criticalIoError();

        await().atMost(Duration.ofSeconds(30)).until(() -> broker.restarts() == 1 && broker.active());
        assertThat(failed.getState()).isEqualTo(ActiveMQServer.SERVER_STATE.STOPPED);
        assertThat(broker.getActiveMQServer()).as("a new broker, not the stopped one").isNotSameAs(failed);
        send("after", 10);
        List<String> received = receiveAll();
        assertThat(received).hasSize(60).doesNotHaveDuplicates();
        assertThat(received).contains("before-1", "before-50", "after-1", "after-10");
    }

    @Test
    void aSecondCriticalIoErrorIsRecoveredToo() throws Exception {
        // The stopped broker remembers its critical error for good (its storage answers "not started" from then on):
        // started again, it would never take a message. The recovery starts a new one each time.
        for (int round = 1; round <= 3; round++) {
            send("round" + round, 5);
            criticalIoError();
            int expected = round;
            await().atMost(Duration.ofSeconds(30)).until(() -> broker.restarts() == expected && broker.active());
        }
        assertThat(receiveAll()).hasSize(15).doesNotHaveDuplicates();
    }

    @Test
    void whileTheDiskIsAboveTheBrokersMaxDiskUsageItWaitsThenStarts() throws Exception {
        send("kept", 3);
        // 0 % allowed: any disk is above it, as a full one is above the default 90 %.
        config.setMaxDiskUsage(0);

        criticalIoError();

        await().atMost(Duration.ofSeconds(30)).until(() ->
                broker.getActiveMQServer().getState() == ActiveMQServer.SERVER_STATE.STOPPED);
        // No start while the disk is too full, over ten retry intervals.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                .until(() -> broker.restarts() == 0 && !broker.active());

        config.setMaxDiskUsage(100);
        await().atMost(Duration.ofSeconds(30)).until(() -> broker.restarts() == 1 && broker.active());
        assertThat(receiveAll()).containsExactlyInAnyOrder("kept-1", "kept-2", "kept-3");
    }

    @Test
    void aBrokerTheHubStopsStaysStopped() throws Exception {
        config.setMaxDiskUsage(0); // the recovery waits...
        criticalIoError();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                broker.getActiveMQServer().getState() == ActiveMQServer.SERVER_STATE.STOPPED);

        broker.stop(); // ...when the hub shuts down
        config.setMaxDiskUsage(100);

        // Room on the disk, and still no new broker over ten retry intervals.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> broker.restarts() == 0
                && broker.getActiveMQServer().getState() == ActiveMQServer.SERVER_STATE.STOPPED);
    }

    private void criticalIoError() {
        broker.getActiveMQServer().getStorageManager().criticalError(new IOException("No space left on device"));
    }

    private void send(String prefix, int messages) throws JMSException {
        try (Connection connection = client.createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue(QUEUE));
            for (int i = 1; i <= messages; i++) {
                producer.send(session.createTextMessage(prefix + "-" + i));
            }
            session.commit();
        }
    }

    private List<String> receiveAll() throws JMSException {
        return TestBrokers.drain(client, QUEUE, TextMessage::getText);
    }
}
