package io.dock2ledger.mapping;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The filter in routes/map-document.camel.yaml: only a mapping's [] counts as a document without events. */
class NoEventsMappedTest {

    private final NoEventsMapped noEventsMapped = new NoEventsMapped();

    @Test
    void anEmptyListIsADocumentWithoutEventsAndAnyEventIsNot() {
        assertThat(noEventsMapped.matches(mapped(List.of()))).isTrue();
        assertThat(noEventsMapped.matches(mapped(List.of("one event")))).isFalse();
    }

    private static Exchange mapped(List<?> events) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(events);
        return exchange;
    }
}
