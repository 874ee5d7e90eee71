package io.dock2ledger;

import io.dock2ledger.support.ArtemisAuditLog;
import io.dock2ledger.support.TestBrokers;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded broker refuses what it cannot hold instead of paging it (BrokerPagingConfiguration): on a real
 * persistent broker whose memory for messages is a few hundred KB, a transacted producer that nobody consumes from
 * soon has a commit refused; nothing is written to a page file; every message whose commit succeeded is there once;
 * once the queue is drained, sends are taken again. The same broker on a disk that fills: BrokerDiskFullFaultIT.
 */
class BrokerPagingConfigurationTest {

    private static final String QUEUE = "paging.test";

    @TempDir
    Path dir;

    @Test
    void everyAddressRefusesInsteadOfPagingAndKeepsSpringBootsDeadLetterAndExpiryAddresses() {
        ConfigurationImpl boot = new ConfigurationImpl();
        boot.addAddressSetting("#", new AddressSettings().setDeadLetterAddress(SimpleString.of("DLQ"))
                .setExpiryAddress(SimpleString.of("ExpiryQueue")));

        BrokerPagingConfiguration.neverPage(boot);

        AddressSettings all = boot.getAddressSettings().get("#");
        assertThat(all.getAddressFullMessagePolicy()).isEqualTo(AddressFullMessagePolicy.FAIL);
        assertThat(all.getDeadLetterAddress().toString()).isEqualTo("DLQ");
        assertThat(all.getExpiryAddress().toString()).isEqualTo("ExpiryQueue");

        ConfigurationImpl bare = new ConfigurationImpl();
        BrokerPagingConfiguration.neverPage(bare);
        assertThat(bare.getAddressSettings().get("#").getAddressFullMessagePolicy()).isEqualTo(AddressFullMessagePolicy.FAIL);
    }

    @Test
    void aBrokerWithNoRoomLeftRefusesTheCommitWritesNoPageAndKeepsEveryCommittedMessage() throws Exception {
        ArtemisAuditLog.off();
        ConfigurationImpl config = TestBrokers.persistentIn(dir);
        config.setGlobalMaxSize(256 * 1024);
        config.addAcceptorConfiguration("in-vm", "vm://45");
        BrokerPagingConfiguration.neverPage(config);
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(config);
        broker.start();
        try (ActiveMQConnectionFactory client = new ActiveMQConnectionFactory("vm://45?callTimeout=5000")) {
            List<String> committed = new ArrayList<>();
            JMSException refused = null;
            try (Connection connection = client.createConnection()) {
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageProducer producer = session.createProducer(session.createQueue(QUEUE));
                // 2,000-character messages (about 4 KB each in the broker), ten a commit: 256 KB is full after a few commits;
                // stop at the first refusal (at most 1,000 messages).
                for (int batch = 0; batch < 100 && refused == null; batch++) {
                    List<String> ids = new ArrayList<>();
                    try {
                        for (int i = 0; i < 10; i++) {
                            String id = "m-" + batch + "-" + i;
                            TextMessage message = session.createTextMessage("x".repeat(2000));
                            message.setStringProperty("id", id);
                            producer.send(message);
                            ids.add(id);
                        }
                        session.commit();
                        committed.addAll(ids);
                    } catch (JMSException full) {
                        refused = full;
                    }
                }
            }

            assertThat(refused).as("a commit refused once the broker's memory is full").isNotNull();
            assertThat(committed).as("what fitted was taken").hasSizeGreaterThanOrEqualTo(10);
            assertThat(pageFiles()).as("nothing paged").isEmpty();
            assertThat(receiveAll(client)).containsExactlyInAnyOrderElementsOf(committed);

            // Room again: the broker takes messages as before.
            try (Connection connection = client.createConnection()) {
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                session.createProducer(session.createQueue(QUEUE)).send(session.createTextMessage("after"));
                session.commit();
            }
            assertThat(receiveAll(client)).hasSize(1);
        } finally {
            broker.stop();
        }
    }

    private List<Path> pageFiles() throws IOException {
        Path paging = dir.resolve("paging");
        if (!Files.exists(paging)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(paging)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".page")).toList();
        }
    }

    private static List<String> receiveAll(ActiveMQConnectionFactory client) throws JMSException {
        return TestBrokers.drain(client, QUEUE, m -> m.getStringProperty("id") == null ? m.getText() : m.getStringProperty("id"));
    }
}
