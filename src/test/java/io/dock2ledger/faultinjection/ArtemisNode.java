package io.dock2ledger.faultinjection;

import io.dock2ledger.support.TestBrokers;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.ClusterConnectionConfiguration;
import org.apache.activemq.artemis.core.config.ha.SharedStoreBackupPolicyConfiguration;
import org.apache.activemq.artemis.core.config.ha.SharedStorePrimaryPolicyConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.cluster.impl.MessageLoadBalancingType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

import java.nio.file.Path;
import java.util.List;

/**
 * One Artemis broker of a shared-store HA pair, run as its own JVM (the test's classpath, Artemis 2.40.0: the version
 * the hub embeds) so that the test can kill it with SIGKILL as a broker host dies: {@code primary} takes the shared
 * store's lock and goes live, {@code backup} waits on that lock and goes live when the primary dies. Configured as
 * {@code artemis create --shared-store --failover-on-shutdown --clustered --staticCluster} configures a broker
 * (docker/local-cluster.sh): the cluster connection is what tells the hubs' clients about the backup, so they fail
 * over to it. Security is off, as in the other broker scenarios.
 * <p>
 * {@code java ... ArtemisNode primary|backup <port> <peer port> <shared store dir>}
 */
public final class ArtemisNode {

    private ArtemisNode() {
    }

    public static void main(String[] args) throws Exception {
        // No logback configuration on the test classpath: without these, logback's default logs everything at DEBUG.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.INFO);
        io.dock2ledger.support.ArtemisAuditLog.off();
        boolean primary = args[0].equals("primary");
        int port = Integer.parseInt(args[1]);
        int peer = Integer.parseInt(args[2]);
        Path store = Path.of(args[3]);

        ConfigurationImpl config = TestBrokers.persistentIn(store);
        config.setName(args[0]);
        config.setJMXManagementEnabled(false);
        config.setNodeManagerLockDirectory(store.toString());
        config.addAcceptorConfiguration("core", "tcp://127.0.0.1:" + port);
        config.addConnectorConfiguration("self", "tcp://127.0.0.1:" + port);
        config.addConnectorConfiguration("peer", "tcp://127.0.0.1:" + peer);
        config.addClusterConfiguration(new ClusterConnectionConfiguration()
                .setName("pair")
                .setConnectorName("self")
                .setStaticConnectors(List.of("peer"))
                .setMessageLoadBalancingType(MessageLoadBalancingType.ON_DEMAND)
                .setRetryInterval(500));
        config.setClusterUser("cluster");
        config.setClusterPassword("cluster-secret-for-the-test");
        config.setHAPolicyConfiguration(primary
                ? new SharedStorePrimaryPolicyConfiguration().setFailoverOnServerShutdown(true)
                : new SharedStoreBackupPolicyConfiguration().setFailoverOnServerShutdown(true).setAllowFailBack(false));
        config.addAddressSetting("#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of("DLQ"))
                .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true));

        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(config);
        broker.start();
        System.out.println("ArtemisNode " + args[0] + " started on " + port + (primary ? "" : " (backup: waiting for the store's lock)"));
        // Lives until killed: SIGKILL is the fault the scenario injects.
        Thread.currentThread().join();
    }
}
