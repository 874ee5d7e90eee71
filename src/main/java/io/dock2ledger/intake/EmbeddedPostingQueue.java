package io.dock2ledger.intake;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

import java.util.function.LongSupplier;

/**
 * The events waiting on the posting queue of the hub's embedded broker, read in the broker itself (no management
 * round trip): queued, paged or being delivered, not those scheduled for later. Unknown (-1) while the broker is not
 * active. An external broker has no such view here; intake then runs unbounded (PostingBacklog).
 */
final class EmbeddedPostingQueue implements LongSupplier {

    /** The posting queue of routes/canonical-events-to-finance.camel.yaml. */
    static final String POSTING_QUEUE = "dock2ledger.events";

    private final EmbeddedActiveMQ broker;
    private final SimpleString name = SimpleString.of(POSTING_QUEUE);

    EmbeddedPostingQueue(EmbeddedActiveMQ broker) {
        this.broker = broker;
    }

    @Override
    public long getAsLong() {
        ActiveMQServer server = activeServer();
        if (server == null) {
            return -1;
        }
        Queue queue = server.locateQueue(name);
        return queue == null ? 0 : queue.getMessageCount() - queue.getScheduledCount();
    }

    /**
     * The bytes of messages the posting queue's address holds in the broker's memory (scheduled ones included: they
     * take memory too), or -1 while the broker is not active. A queue of large events fills the broker's memory long
     * before it holds many of them.
     */
    long bytes() {
        ActiveMQServer server = activeServer();
        if (server == null) {
            return -1;
        }
        try {
            return server.getPagingManager().getPageStore(name).getAddressSize();
        } catch (Exception stopping) {
            return -1;
        }
    }

    private ActiveMQServer activeServer() {
        ActiveMQServer server = broker.getActiveMQServer();
        return server == null || !server.isActive() ? null : server;
    }
}
