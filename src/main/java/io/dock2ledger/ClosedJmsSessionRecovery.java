package io.dock2ledger;

import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * Brings the cached JMS sessions back after a broker failover. The hub sends through Spring's
 * CachingConnectionFactory (spring.jms.cache.enabled): the file intake takes a cached session for each file's
 * transaction. When the live broker dies and the client fails over to the backup, a session whose transaction was in
 * flight can be closed by the Artemis client, yet the cache keeps handing it out: every later file then fails with
 * "AMQ219019: Session is closed", for good, because Artemis fails over transparently and never calls the connection's
 * exception listener, which is what makes the cache reset itself (found by TwoHubsFaultIT, issue 13). On an exchange
 * that failed on a closed JMS session this resets the cache; the next file's transaction opens a fresh connection.
 * Posting consumers on the same connection are restarted by their listener containers; their transactions roll back
 * and redeliver, which the posting ledger makes harmless.
 */
public class ClosedJmsSessionRecovery extends SimpleEventNotifierSupport {

    private static final Logger log = LoggerFactory.getLogger(ClosedJmsSessionRecovery.class);

    private final CachingConnectionFactory cache;

    /** @param cache the hub's session cache; null when caching is off (nothing to reset) */
    public ClosedJmsSessionRecovery(CachingConnectionFactory cache) {
        this.cache = cache;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return cache != null && event instanceof CamelEvent.ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeFailedEvent) event).getExchange();
        if (onClosedJmsSession(exchange.getException())) {
            log.warn("A cached JMS session was closed under the hub (broker failover): resetting the JMS connection "
                    + "cache so the next transaction gets a fresh session");
            cache.resetConnection();
        }
    }

    static boolean onClosedJmsSession(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if ((t instanceof jakarta.jms.IllegalStateException || t instanceof org.springframework.jms.IllegalStateException)
                    && t.getMessage() != null && t.getMessage().contains("Session is closed")) {
                return true;
            }
        }
        return false;
    }
}
