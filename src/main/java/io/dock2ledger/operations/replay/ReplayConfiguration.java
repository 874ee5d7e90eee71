package io.dock2ledger.operations.replay;

import io.dock2ledger.audit.AuditTrail;
import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.canonical.EventFingerprint;
import io.dock2ledger.posting.rules.PostingEngine;
import io.dock2ledger.posting.rules.PostingState;
import io.dock2ledger.posting.store.IdempotencyKeys;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReplayProperties.class)
public class ReplayConfiguration {

    /** The route that puts a replayed event on the posting queue (routes/replay-events-to-posting-queue.camel.yaml). */
    static final String REPLAY_ROUTE = "direct:replay-events-to-posting-queue";

    @Bean
    PostingQueue replayPostingQueue(CamelContext camel) {
        ProducerTemplate producer = camel.createProducerTemplate();
        return (eventJson, group) -> {
            Map<String, Object> headers = new HashMap<>();
            if (group != null) {
                headers.put("replayGroup", group);
            }
            producer.sendBodyAndHeaders(REPLAY_ROUTE, eventJson, headers);
        };
    }

    @Bean
    EventReplay eventReplay(JdbcTemplate jdbc, CanonicalEventStore events, EventFingerprint fingerprint,
                            IdempotencyKeys ledger, PostingEngine engine, PostingState state,
                            PlatformTransactionManager transactions, PostingQueue replayPostingQueue, AuditTrail audit,
                            Clock clock, ReplayProperties properties) {
        return new EventReplay(jdbc, events, fingerprint, ledger, engine, state, new TransactionTemplate(transactions),
                replayPostingQueue, audit, new ReplayedEvents(jdbc), clock, properties.maxEvents());
    }
}
