package io.dock2ledger;

import io.dock2ledger.support.ArtemisAuditLog;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnection;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jms.connection.SessionProxy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the hub's session cache does with the notices an Artemis connection sends its ExceptionListener (issue 13):
 * after {@code FAILOVER} (the client already moved every session to the backup) the cached sessions stay in use;
 * after {@code DISCONNECT} the connection and its sessions are dropped and new ones made. Against a real in-VM broker.
 */
class FailoverAwareConnectionFactoryTest {

    private EmbeddedActiveMQ broker;
    private ActiveMQConnectionFactory artemis;
    private FailoverAwareConnectionFactory cache;

    @BeforeEach
    void startBroker() throws Exception {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(false);
        config.setSecurityEnabled(false);
        ArtemisAuditLog.off();
        config.addAcceptorConfiguration("in-vm", "vm://7");
        broker = new EmbeddedActiveMQ().setConfiguration(config).start();
        artemis = new ActiveMQConnectionFactory("vm://7");
        cache = new FailoverAwareConnectionFactory(artemis);
    }

    @AfterEach
    void stopBroker() throws Exception {
        cache.destroy();
        artemis.close();
        broker.stop();
    }

    @Test
    void aCompletedFailoverKeepsTheConnectionAndTheSessionsInUse() throws Exception {
        Session inUse = transactedSession();

        cache.onException(notice(ActiveMQConnection.EXCEPTION_FAILOVER));

        assertThat(isClosed(inUse)).as("the session a transaction holds is not closed under it").isFalse();
        inUse.close(); // back to the cache
        assertThat(transactedSession()).as("the cache still hands it out").isSameAs(inUse);
    }

    @Test
    void aDisconnectDropsTheConnectionAndItsSessionsAndMakesNewOnes() throws Exception {
        Session inUse = transactedSession();

        cache.onException(notice(ActiveMQConnection.EXCEPTION_DISCONNECT));

        assertThat(isClosed(inUse)).as("closed with its connection").isTrue();
        inUse.close();
        Session next = transactedSession();
        assertThat(next).isNotSameAs(inUse);
        assertThat(isClosed(next)).isFalse();
        next.createProducer(next.createQueue("failover-aware.test")).send(next.createTextMessage("after the reset"));
        next.commit();
    }

    private Session transactedSession() throws JMSException {
        Connection connection = cache.createConnection();
        return connection.createSession(true, Session.SESSION_TRANSACTED);
    }

    private static JMSException notice(String errorCode) {
        return new JMSException("recvAddress(..) failed with error(-104): Connection reset by peer", errorCode);
    }

    private static boolean isClosed(Session session) {
        return ((ActiveMQSession) ((SessionProxy) session).getTargetSession()).getCoreSession().isClosed();
    }
}
