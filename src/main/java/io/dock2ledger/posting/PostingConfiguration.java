package io.dock2ledger.posting;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.audit.AuditTrail;
import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.canonical.EventFingerprint;
import io.dock2ledger.config.HubProperties;
import io.dock2ledger.exceptions.ExceptionRecorder;
import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.posting.rules.PostingEngine;
import io.dock2ledger.posting.rules.PostingState;
import io.dock2ledger.posting.rules.RuleBook;
import io.dock2ledger.posting.store.FinanceDocumentStore;
import io.dock2ledger.posting.store.IdempotencyKeys;
import io.dock2ledger.posting.store.JdbcPostingState;
import io.dock2ledger.posting.store.OrderBalances;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.Message;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.apache.camel.component.jms.MessageListenerContainerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.Enumeration;
import java.util.function.Supplier;

/**
 * The posting engine and the beans the posting route calls by name (eventPosting, waitingForAnotherEvent,
 * postingFailures).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PostingProperties.class)
public class PostingConfiguration {

    @Bean
    IdempotencyKeys postingLedger(JdbcTemplate jdbc) {
        return new IdempotencyKeys(jdbc);
    }

    @Bean
    FinanceDocumentStore financeDocumentStore(JdbcTemplate jdbc, Clock clock, PlatformTransactionManager transactions,
                                              PostingProperties properties) {
        return new FinanceDocumentStore(jdbc, clock, transactions, properties.numberBlockSize());
    }

    /** Read and checked against the chart of accounts at start: a wrong account stops the hub, naming the key. */
    @Bean
    RuleBook postingRules(HubProperties hub, MasterData masterData) {
        return RuleBook.load(hub.configDir().resolve("posting-rules.yaml"), masterData);
    }

    @Bean
    JdbcPostingState postingState(NamedParameterJdbcTemplate jdbc) {
        return new JdbcPostingState(jdbc);
    }

    @Bean
    PostingEngine postingEngine(MasterData masterData, RuleBook rules, PostingState state) {
        return new PostingEngine(masterData, rules, state);
    }

    @Bean
    EventPostingService eventPosting(CanonicalEventStore events, EventFingerprint fingerprint, IdempotencyKeys ledger,
                                     PostingEngine engine, PostingState state, FinanceDocumentStore documents,
                                     FinanceAdapter adapter, AuditTrail audit, ExceptionRecorder exceptions,
                                     PlatformTransactionManager transactions, Clock clock, MeterRegistry meters,
                                     PostingProperties properties) {
        // NESTED: a savepoint of the posting batch's transaction (PostingBatchContainer), a transaction of its own
        // when called outside one.
        TransactionTemplate eventTransaction = new TransactionTemplate(transactions);
        eventTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        return new EventPostingService(events, fingerprint, ledger, engine, state, documents, adapter, audit,
                exceptions, eventTransaction, clock, meters, properties.maxWait(),
                properties.waitRetryDelay(), properties.waitRetryMaxDelay());
    }

    /** The posting route's filter for the events it sends back to the queue to wait. */
    @Bean
    WaitingForAnotherEvent waitingForAnotherEvent() {
        return new WaitingForAnotherEvent();
    }

    /**
     * The posting route's listener containers ({@code messageListenerContainerFactory: "#postingBatches"}): many events
     * per database transaction and JMS commit.
     */
    @Bean
    MessageListenerContainerFactory postingBatches(PlatformTransactionManager transactions, PostingProperties properties,
                                                   MeterRegistry meters) {
        return endpoint -> new PostingBatchContainer(endpoint, transactions, properties.batchSize(),
                properties.batchBytes().toBytes(), properties.batchRows(), properties.batchLinger(), meters);
    }

    @Bean
    DocumentReversals documentReversals(JdbcTemplate jdbc, FinanceDocumentStore documents, FinanceAdapter adapter,
                                        MasterData masterData, RuleBook rules, AuditTrail audit,
                                        PlatformTransactionManager transactions, Clock clock) {
        return new DocumentReversals(jdbc, documents, adapter, masterData, rules, audit,
                new TransactionTemplate(transactions), clock);
    }

    @Bean
    OrderBalances balances(JdbcTemplate jdbc, MasterData masterData) {
        return new OrderBalances(jdbc, masterData);
    }

    @Bean
    PostingFailures postingFailures(ExceptionRecorder exceptions, AuditTrail audit, ObjectMapper json,
                                    CanonicalEventStore events) {
        return new PostingFailures(exceptions, audit, json, events);
    }

    /**
     * The sweeper of accepted events that nothing decided (routes/unsettled-events-to-finance.camel.yaml). It looks at
     * the head of the posting queue through a JMS browser: a backlog older than a minute means events may simply be
     * queued, and it waits.
     */
    @Bean
    UnsettledEvents unsettledEvents(JdbcTemplate jdbc, CanonicalEventStore events, AuditTrail audit,
                                    ExceptionRecorder exceptions, HubProperties hub, Clock clock, MeterRegistry meters,
                                    JmsTemplate jms, PostingProperties properties) {
        Supplier<Instant> oldestQueued = () -> jms.browse("dock2ledger.events", (session, browser) -> {
            Enumeration<?> messages = browser.getEnumeration();
            return messages.hasMoreElements() ? Instant.ofEpochMilli(((Message) messages.nextElement()).getJMSTimestamp())
                    : null;
        });
        return new UnsettledEvents(jdbc, events, audit, exceptions, hub, clock, meters, oldestQueued,
                properties.unsettledAfter(), properties.maxWait().plus(properties.waitRetryMaxDelay()),
                properties.maxRedrives());
    }
}
