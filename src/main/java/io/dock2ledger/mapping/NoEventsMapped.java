package io.dock2ledger.mapping;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

import java.util.List;

/**
 * The mapping route's question after each document, "did its mapping answer {@code []}?"
 * (routes/map-document.camel.yaml, {@code ref: noEventsMapped}). Plain Java rather than Simple's
 * {@code ${body.isEmpty()}}: that goes through Camel's bean language, which copies the exchange on every call
 * (docs/architecture.md, "Stages").
 */
public class NoEventsMapped implements Predicate {

    @Override
    public boolean matches(Exchange exchange) {
        return exchange.getMessage().getBody(List.class).isEmpty();
    }
}
