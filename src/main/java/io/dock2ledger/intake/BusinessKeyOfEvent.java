package io.dock2ledger.intake;

import io.dock2ledger.canonical.CanonicalEvent;
import org.apache.camel.Exchange;
import org.apache.camel.support.ExpressionAdapter;

/**
 * The posting message's group (JMSXGroupID) for the event being queued, or null
 * (routes/event-to-posting-queue.camel.yaml, {@code ref: businessKeyOfEvent}): its order, purchase order, RMA or
 * transfer, see {@link CanonicalEvent#orderingKey()}. Taken from the event in hand (the exchange property
 * {@value #EVENT}), not from the JSON just written for the queue, and in plain Java rather than Camel's bean language,
 * which copies the exchange on every call (docs/architecture.md, "Stages").
 */
public class BusinessKeyOfEvent extends ExpressionAdapter {

    /** The exchange property the route keeps the prepared event in before its body becomes the event's JSON. */
    private static final String EVENT = "preparedEvent";

    @Override
    public Object evaluate(Exchange exchange) {
        return exchange.getProperty(EVENT, CanonicalEvent.class).orderingKey().orElse(null);
    }
}
