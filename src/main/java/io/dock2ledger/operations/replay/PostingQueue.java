package io.dock2ledger.operations.replay;

/**
 * Hands a canonical event back to the normal posting path. The implementation calls the route
 * {@code replay-events-to-posting-queue}, the only place that knows the queue: Java never names it.
 */
@FunctionalInterface
public interface PostingQueue {

    /** @param group the event's ordering key (JMSXGroupID), or null */
    void send(String eventJson, String group);
}
