package io.dock2ledger;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import org.apache.activemq.artemis.jms.client.ActiveMQConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * Spring's session cache on top of an Artemis client that fails over by itself (issue 13, docs/deployment.md "Broker
 * failover"): a completed failover is not a broken connection.
 * <p>
 * With the HA URL ({@code ha=true} and reconnect attempts) the Artemis client moves the connection and every session,
 * producer and consumer on it to the backup by itself. Then it calls the connection's ExceptionListener anyway, with
 * the error code {@code FAILOVER}: "failover has occurred and we have successfully reattached or reconnected" (Artemis
 * manual, ha.adoc, "Getting Notified of Connection Failure"; {@code ClientSessionFactoryImpl.failoverOrReconnect} calls
 * the listeners after the reconnection). The plain {@link CachingConnectionFactory} resets on any exception: it closed
 * that freshly failed-over connection, and with it the session a file's JMS transaction held. The intake thread then
 * sent every remaining document of the file on the closed session (AMQ219019), each with the full redelivery backoff,
 * so the file's transaction, and the inbox behind it, took many minutes to give up (BrokerFailoverFaultIT).
 * <p>
 * Here a {@code FAILOVER} notice leaves the connection and the cache alone: the sessions are alive on the backup, a
 * transaction in flight is rolled back by Artemis and its commit fails, so its work is redone (the file is read again,
 * the posting message redelivered). Anything else ({@code DISCONNECT}: no reconnection configured, as with the embedded
 * broker or one broker that restarts, or the client gave up) resets the connection as before, so a new one is made.
 */
public class FailoverAwareConnectionFactory extends CachingConnectionFactory {

    private static final Logger log = LoggerFactory.getLogger(FailoverAwareConnectionFactory.class);

    public FailoverAwareConnectionFactory(ConnectionFactory artemis) {
        super(artemis);
    }

    @Override
    public void onException(JMSException ex) {
        if (ActiveMQConnection.EXCEPTION_FAILOVER.equals(ex.getErrorCode())) {
            log.warn("The broker connection failed over to another broker ({}); its sessions moved with it, the "
                    + "connection and the session cache are kept", ex.getMessage());
            return;
        }
        super.onException(ex);
    }
}
