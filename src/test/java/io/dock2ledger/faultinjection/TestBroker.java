package io.dock2ledger.faultinjection;

import io.dock2ledger.support.TestBrokers;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A real Artemis broker run by the test, as production runs one outside the hub: persistent journal in a fixed
 * directory, a TCP acceptor on a loopback port, DLQ and ExpiryQueue set for every address like a broker made by
 * {@code artemis create}. Stopped and started again on the same journal and port to simulate a broker restart.
 */
final class TestBroker implements AutoCloseable {

    private final Path dir;
    private final int port;
    private EmbeddedActiveMQ broker;

    TestBroker(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    TestBroker start() throws Exception {
        // The broker runs in the test JVM: its audit loggers would flood the test output at INFO (stack.md).
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.apache.activemq"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        ConfigurationImpl config = TestBrokers.persistentIn(dir);
        config.setJMXManagementEnabled(false);
        config.addAcceptorConfiguration("tcp", url());
        config.addAddressSetting("#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of("DLQ"))
                .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true));
        broker = new EmbeddedActiveMQ();
        broker.setConfiguration(config);
        broker.start();
        return this;
    }

    void stop() throws Exception {
        if (broker != null) {
            broker.stop();
            broker = null;
        }
    }

    /** Messages on a queue, scheduled and delivering ones included; empty when the broker is down. */
    OptionalLong depth(String queue) {
        if (broker == null) {
            return OptionalLong.empty();
        }
        Queue q = broker.getActiveMQServer().locateQueue(SimpleString.of(queue));
        return OptionalLong.of(q == null ? 0 : q.getMessageCount());
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
