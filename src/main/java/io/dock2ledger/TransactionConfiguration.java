package io.dock2ledger;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.jms.connection.JmsTransactionManager;
import org.apache.activemq.artemis.jms.client.ActiveMQSession;
import org.springframework.jms.connection.SessionProxy;
import org.springframework.jms.connection.SingleConnectionFactory;

import javax.sql.DataSource;

/**
 * The hub's two transaction managers. The database one (primary) wraps each posting; the JMS one lets the file
 * intake send all events of a file in one broker transaction: one journal sync per file instead of one blocking
 * persistent send per event (docs/architecture.md, "Designed for peaks"). Declaring the JMS one switches off Spring
 * Boot's default database transaction manager, so both are declared here.
 */
@Configuration(proxyBeanMethods = false)
public class TransactionConfiguration {

    @Bean
    @Primary
    JdbcTransactionManager transactionManager(DataSource dataSource) {
        return new JdbcTransactionManager(dataSource);
    }

    @Bean
    JmsTransactionManager jmsTransactionManager(ConnectionFactory connectionFactory) {
        return new ClosedSessionRenewingTransactionManager(connectionFactory);
    }

    /** Renews the pool when the embedded H2 database closed itself (route closed-database-recovery). */
    @Bean
    ClosedDatabaseRecovery closedDatabaseRecovery(DataSource dataSource) {
        return new ClosedDatabaseRecovery(dataSource);
    }

    /** Used by routes as {@code transacted: {ref: jmsTransacted}}: join or start a JMS transaction. */
    @Bean
    SpringTransactionPolicy jmsTransacted(JmsTransactionManager jmsTransactionManager) {
        SpringTransactionPolicy policy = new SpringTransactionPolicy(jmsTransactionManager);
        policy.setPropagationBehaviorName("PROPAGATION_REQUIRED");
        return policy;
    }

    /**
     * Begins each JMS transaction on a session that is open. After an Artemis failover, Spring's
     * {@code CachingConnectionFactory} (spring.jms.cache.enabled) can hold sessions that the Artemis client closed
     * (transacted sessions it could not re-attach on the backup) without the connection's ExceptionListener firing
     * again, so it never resets itself; every file's transaction then failed on its first send with AMQ219019
     * "Session is closed" (docs/deployment.md). A cached session whose Artemis core session is closed is not used:
     * the cache and its connection are reset and the transaction begins on a new connection's session.
     */
    static final class ClosedSessionRenewingTransactionManager extends JmsTransactionManager {

        private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClosedSessionRenewingTransactionManager.class);

        ClosedSessionRenewingTransactionManager(ConnectionFactory connectionFactory) {
            super(connectionFactory);
        }

        @Override
        protected Session createSession(Connection con) throws JMSException {
            Session session = super.createSession(con);
            Session target = session instanceof SessionProxy proxy ? proxy.getTargetSession() : session;
            // The JMS session object does not know: its getTransacted() still answers; only the Artemis core session
            // underneath is closed (ClientSessionImpl.checkClosed, AMQ219019, on the first send).
            if (!(target instanceof ActiveMQSession artemis && artemis.getCoreSession().isClosed())
                    || !(getConnectionFactory() instanceof SingleConnectionFactory cached)) {
                return session;
            }
            LOG.warn("The cached JMS session's Artemis session is closed: resetting the JMS connection and its session cache");
            cached.resetConnection();
            return cached.createConnection().createSession(true, Session.SESSION_TRANSACTED);
        }
    }
}
