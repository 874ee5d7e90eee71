package io.dock2ledger.faultinjection;

import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientRequestor;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.core.management.ManagementHelper;
import org.apache.activemq.artemis.api.core.management.ResourceNames;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

import static org.awaitility.Awaitility.await;

/**
 * An Artemis primary and its shared-store backup, each its own JVM ({@link ArtemisNode}), on two loopback ports. The
 * hubs connect with {@link #haUrl()}, the form docs/deployment.md gives production: both addresses, {@code ha=true},
 * reconnect for ever. {@link #killPrimary()} is SIGKILL of the live broker; the backup then takes the store's lock and
 * serves the same journal.
 */
final class ArtemisPair implements AutoCloseable {

    final int primaryPort = FaultWorkspace.freePort();
    final int backupPort = FaultWorkspace.freePort();
    private final HubProcess primary;
    private final HubProcess backup;

    ArtemisPair(Path dir, Path logs) {
        Path store = dir.resolve("shared-store");
        List<String> launch = List.of(HubImage.java(), "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), ArtemisNode.class.getName());
        primary = HubProcess.start(launch, List.of("primary", "" + primaryPort, "" + backupPort, store.toString()),
                primaryPort, logs.resolve("artemis-primary.log"));
        await("artemis-primary listening").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> { assertAlive(primary); return FaultWorkspace.accepts(primaryPort); });
        backup = HubProcess.start(launch, List.of("backup", "" + backupPort, "" + primaryPort, store.toString()),
                backupPort, logs.resolve("artemis-backup.log"));
        await("artemis-backup announced to the primary").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> { assertAlive(backup); return backup.hasLogged("backup announced")
                        || backup.hasLogged("AMQ221031") || backup.hasLogged("AMQ221109"); });
    }

    String haUrl() {
        return "(tcp://127.0.0.1:" + primaryPort + ",tcp://127.0.0.1:" + backupPort + ")?ha=true&reconnectAttempts=-1"
                + "&retryInterval=500&retryIntervalMultiplier=1.5&maxRetryInterval=5000";
    }

    /** SIGKILL of the live broker; returns once the backup serves (its acceptor is open). */
    Duration killPrimary() {
        long start = System.nanoTime();
        primary.killNine();
        await("backup live after the primary's death").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> { assertAlive(backup); return FaultWorkspace.accepts(backupPort); });
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Messages on a queue of the live broker, scheduled (waiting) ones included; empty if it cannot be asked. */
    OptionalLong depth(String queue) {
        try (ServerLocator locator = ActiveMQClient.createServerLocator(haUrl().replace("reconnectAttempts=-1", "reconnectAttempts=0"))
                .setCallTimeout(5000);
             ClientSessionFactory factory = locator.createSessionFactory();
             ClientSession session = factory.createSession()) {
            session.start();
            try (ClientRequestor requestor = new ClientRequestor(session, "activemq.management")) {
                ClientMessage request = session.createMessage(false);
                ManagementHelper.putAttribute(request, ResourceNames.QUEUE + queue, "messageCount");
                ClientMessage reply = requestor.request(request, 5000);
                if (reply == null || !ManagementHelper.hasOperationSucceeded(reply)) {
                    // no such queue yet: nothing on it
                    return reply == null ? OptionalLong.empty() : OptionalLong.of(0);
                }
                return OptionalLong.of(((Number) ManagementHelper.getResult(reply)).longValue());
            }
        } catch (Exception e) {
            return OptionalLong.empty();
        }
    }

    private static void assertAlive(HubProcess node) {
        if (!node.isAlive()) {
            throw new IllegalStateException("Artemis node exited; log " + node.log() + ":\n" + node.tail(30));
        }
    }

    @Override
    public void close() {
        backup.close();
        primary.close();
    }
}
