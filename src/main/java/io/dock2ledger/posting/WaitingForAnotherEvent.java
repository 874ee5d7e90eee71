package io.dock2ledger.posting;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/**
 * The posting route's question after each event, "does it wait for another event?"
 * (routes/canonical-events-to-finance.camel.yaml, {@code ref: waitingForAnotherEvent}). Plain Java rather than Simple's
 * {@code ${body.waiting()}}: that goes through Camel's bean language, which copies the exchange on every call
 * (docs/architecture.md, "Stages").
 */
public class WaitingForAnotherEvent implements Predicate {

    @Override
    public boolean matches(Exchange exchange) {
        return exchange.getMessage().getBody(EventPostingService.Result.class).waiting();
    }
}
