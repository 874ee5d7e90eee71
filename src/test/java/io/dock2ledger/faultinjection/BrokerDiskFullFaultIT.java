package io.dock2ledger.faultinjection;

import io.dock2ledger.BrokerConnectionConfiguration;
import io.dock2ledger.BrokerJournalConfiguration;
import io.dock2ledger.BrokerPagingConfiguration;
import io.dock2ledger.BrokerProperties;
import io.dock2ledger.RecoveringEmbeddedBroker;
import io.dock2ledger.config.MessageSizeLimit;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded broker on a disk that really fills up under it (scenario d, the broker's side): the hub's broker
 * ({@link RecoveringEmbeddedBroker} with the hub's address settings, {@link BrokerPagingConfiguration}; NIO journal,
 * paging and large messages all on a small tmpfs, needs root) takes transacted batches of persistent messages from a
 * producer that never stops; the test fills the disk with a ballast file. Then one of two things happens first (the
 * producer keeps sending until one does, at most {@code -Dfault.broker-disk.critical-timeout-s}, 60 s): the broker's
 * disk monitor sees the disk above its max-disk-usage and the broker refuses new messages, running on (it would page
 * them without the hub's setting); or a write it must make (the journal's next file) fails with ENOSPC, AMQ222010, and
 * the broker stops itself. The timeline says which.
 * <p>
 * A broker that stopped is not started again while the disk is full; once the ballast is deleted a new broker starts
 * on the same journal, or the one that refused takes messages again. Then every message whose commit the broker
 * acknowledged is consumed exactly once; a message whose commit failed may be there once (the broker may have written
 * it before the error) but never twice, and nothing else is there.
 * <p>
 * With Artemis's default (paging) this failed: a page write that met the full disk was acknowledged all the same, and
 * its messages were gone after the restart (CI's run of 1c1a0af: 9 acknowledged messages lost; docs/reliability.md).
 */
@Tag("fault-injection")
class BrokerDiskFullFaultIT {

    private static final String QUEUE = "broker-disk-full";

    /**
     * What the producer sends. Both with the hub's settings: its message size limit (4MB,
     * dock2ledger.broker.max-message-size) on the client and the journal, so that neither is an Artemis large message. A shipment of ~1,200 lines is a
     * 300 KB message; with Artemis's own 100 KiB threshold it was a large message, written in a file of its own, and in
     * 2 of 4 runs the new broker took no message again after the restart (docs/fault-injection.md, d'').
     */
    enum Messages {
        SMALL(2_000, 10, 200, 100, 48),
        EVENTS_OF_1200_LINES(150_000, 2, 40, 20, 96);

        final int characters;
        final int batch;
        final int beforeTheFill;
        final int afterTheFill;
        final int diskMb;

        Messages(int characters, int batch, int beforeTheFill, int afterTheFill, int diskMb) {
            this.characters = characters;
            this.batch = batch;
            this.beforeTheFill = beforeTheFill;
            this.afterTheFill = afterTheFill;
            this.diskMb = diskMb;
        }
    }

    @ParameterizedTest
    @EnumSource(Messages.class)
    void everyAcknowledgedMessageIsThereOnceAfterTheBrokersDiskWasFull(Messages messages) throws Exception {
        FaultWorkspace workspace = new FaultWorkspace("broker-disk-full");
        ArtemisAuditLog.off();
        List<String> timeline = new ArrayList<>();
        MessageSizeLimit hubLimit = new MessageSizeLimit(DataSize.ofMegabytes(4));
        try (SmallDisk disk = SmallDisk.mount(workspace.root.resolve("small-disk"), messages.diskMb)) {
            Path artemis = disk.mount.resolve("artemis");
            ConfigurationImpl config = TestBrokers.persistentIn(artemis); // NIO: tmpfs takes no direct I/O
            config.setDiskScanPeriod(100); // the broker's disk monitor; 5 s by default
            config.addAcceptorConfiguration("in-vm", "vm://44");
            BrokerPagingConfiguration.neverPage(config);
            BrokerJournalConfiguration.configure(config,
                    new BrokerProperties.Journal(BrokerProperties.JournalType.NIO, null, null), hubLimit);
            RecoveringEmbeddedBroker broker = new RecoveringEmbeddedBroker(config, Duration.ofMillis(200));
            broker.start();
            ActiveMQConnectionFactory client = new ActiveMQConnectionFactory("vm://44?callTimeout=5000");
            BrokerConnectionConfiguration.sendOrdinaryMessagesUpTo(hubLimit, client);
            Producer producer = new Producer(client, broker::active, messages);
            Thread sending = new Thread(producer, "producer");
            try {
                sending.start();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> producer.acknowledged.size() >= messages.beforeTheFill);
                ActiveMQServer first = broker.getActiveMQServer();
                long filled = disk.fill();
                timeline.add("disk filled with " + filled / 1024 + " KiB of ballast; acknowledged "
                        + producer.acknowledged.size() + ", free " + disk.usableBytes() / 1024 + " KiB");

                // The full disk shows one of two ways: the broker refuses the producer's sends (its disk monitor saw
                // the disk full) and runs on, or a write it had to make (the journal's next file) fails and it stops
                // itself (AMQ222010). Either way no acknowledged message may be lost.
                int timeout = FaultWorkspace.intProperty("fault.broker-disk.critical-timeout-s", 60);
                int inDoubtBefore = producer.inDoubt.size();
                await().atMost(Duration.ofSeconds(timeout)).until(() ->
                        first.getState() == ActiveMQServer.SERVER_STATE.STOPPED || producer.inDoubt.size() > inDoubtBefore);
                boolean stopped = first.getState() == ActiveMQServer.SERVER_STATE.STOPPED;
                timeline.add((stopped ? "the broker stopped itself on the full disk" : "the broker refuses sends and runs on")
                        + "; acknowledged " + producer.acknowledged.size() + ", failed commits " + producer.inDoubt.size());
                if (stopped) {
                    // No new broker while the disk is full.
                    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> broker.restarts() == 0);
                }

                disk.free();
                if (stopped) {
                    await().atMost(Duration.ofSeconds(60)).until(() -> broker.restarts() == 1 && broker.active());
                    timeline.add("ballast deleted; a new broker runs (" + broker.restarts() + " restart)");
                } else {
                    timeline.add("ballast deleted; the same broker runs (" + broker.restarts() + " restarts)");
                }
                int before = producer.acknowledged.size();
                await().atMost(Duration.ofSeconds(60)).until(() ->
                        producer.acknowledged.size() >= before + messages.afterTheFill);
                timeline.add("the producer goes on: acknowledged " + producer.acknowledged.size());
            } finally {
                producer.stop.set(true);
                sending.join(30_000);
                timeline.forEach(t -> System.out.println("  broker-disk-full (" + messages + "): " + t));
            }

            Map<String, Integer> received = receiveAll(client);
            Set<String> missing = new HashSet<>(producer.acknowledged);
            missing.removeAll(received.keySet());
            List<String> doubled = received.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
            List<String> unexplained = received.keySet().stream()
                    .filter(id -> !producer.acknowledged.contains(id) && !producer.inDoubt.contains(id)).toList();
            System.out.printf("  broker-disk-full (" + messages + "): acknowledged %d, failed commits %d, received %d: "
                    + "missing %d, doubled %d, unexplained %d%n", producer.acknowledged.size(), producer.inDoubt.size(), received.size(),
                    missing.size(), doubled.size(), unexplained.size());
            assertThat(producer.inDoubt).as("the full disk failed some commits").isNotEmpty();
            assertThat(missing).as("acknowledged but lost").isEmpty();
            assertThat(doubled).as("delivered twice").isEmpty();
            assertThat(unexplained).as("never sent").isEmpty();
            client.close();
            broker.stop();
        } finally {
            workspace.cleanUp();
        }
    }

    /** Transacted batches of persistent messages, as fast as the broker takes them, until told to stop. */
    private static final class Producer implements Runnable {

        final Set<String> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final Set<String> inDoubt = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final AtomicBoolean stop = new AtomicBoolean();
        private final ActiveMQConnectionFactory client;
        private final BooleanSupplier brokerActive;
        private final String body;
        private final int batchSize;

        Producer(ActiveMQConnectionFactory client, BooleanSupplier brokerActive, Messages messages) {
            this.client = client;
            this.brokerActive = brokerActive;
            this.body = "x".repeat(messages.characters);
            this.batchSize = messages.batch;
        }

        @Override
        public void run() {
            long next = 0;
            while (!stop.get()) {
                List<String> batch = new ArrayList<>();
                try (Connection connection = client.createConnection()) {
                    Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                    MessageProducer producer = session.createProducer(session.createQueue(QUEUE));
                    while (!stop.get()) {
                        batch.clear();
                        for (int i = 0; i < batchSize; i++) {
                            String id = "m-" + next++;
                            batch.add(id);
                            TextMessage message = session.createTextMessage(body);
                            message.setStringProperty("id", id);
                            producer.send(message);
                        }
                        session.commit();
                        acknowledged.addAll(batch);
                    }
                } catch (JMSException | RuntimeException failed) {
                    inDoubt.addAll(batch); // the broker may have written them before it failed, or not
                    // Sends again once a broker runs (a full disk makes the running one refuse or time out the sends).
                    await().pollDelay(Duration.ofMillis(100)).atMost(Duration.ofSeconds(120))
                            .pollInterval(Duration.ofMillis(100)).until(() -> stop.get() || brokerActive.getAsBoolean());
                }
            }
        }
    }

    private static Map<String, Integer> receiveAll(ActiveMQConnectionFactory client) throws JMSException {
        Map<String, Integer> received = new HashMap<>();
        TestBrokers.drain(client, QUEUE, Duration.ofSeconds(5), Duration.ofSeconds(1), m -> m.getStringProperty("id"))
                .forEach(id -> received.merge(id, 1, Integer::sum));
        return received;
    }
}
