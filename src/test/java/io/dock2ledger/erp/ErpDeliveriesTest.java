package io.dock2ledger.erp;

import io.dock2ledger.exceptions.ExceptionOwners;
import io.dock2ledger.exceptions.ExceptionRecorder;
import io.dock2ledger.partners.PartnerRegistry;
import io.dock2ledger.persistence.Databases;
import io.dock2ledger.posting.DocumentRefusedException;
import io.dock2ledger.posting.ErpUnavailableException;
import io.dock2ledger.posting.FinanceAdapter;
import io.dock2ledger.posting.documents.FinanceDocument;
import io.dock2ledger.posting.documents.StoredDocument;
import io.dock2ledger.posting.store.DeliveryOutbox;
import io.dock2ledger.posting.store.DeliveryOutbox.Status;
import io.dock2ledger.posting.store.FinanceDocumentStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import static io.dock2ledger.erp.ErpFixtures.cogs;
import static io.dock2ledger.erp.ErpFixtures.invoice;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery outbox and its worker on both databases: claims, order per business key, waiting out an unavailable
 * ERP without ever failing a document, refusals as owned exceptions, look-ups after an unanswered attempt.
 */
class ErpDeliveriesTest {


    private final ErpFixtures.MovableClock clock = new ErpFixtures.MovableClock(Instant.parse("2026-11-26T12:00:00Z"));
    private final ScriptedErp erp = new ScriptedErp();
    private JdbcTemplate jdbc;
    private FinanceDocumentStore documents;
    private DeliveryOutbox outbox;

    private ErpDeliveries hub(Supplier<DataSource> database, String instance) {
        if (jdbc == null) {
            jdbc = new JdbcTemplate(database.get());
            documents = new FinanceDocumentStore(jdbc, clock);
            outbox = new DeliveryOutbox(jdbc, clock);
        }
        ExceptionRecorder exceptions = new ExceptionRecorder(jdbc, ExceptionOwners.load(
                Path.of("config/exception-owners.yaml"), new PartnerRegistry(Path.of("config/partners"))), clock,
                new SimpleMeterRegistry());
        FinanceAdapters adapters = new FinanceAdapters(Map.of("scripted", erp), List.of(), java.util.Set.of("scripted"));
        return new ErpDeliveries(outbox, documents, adapters, exceptions,
                new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource())), clock,
                new SimpleMeterRegistry(), new ErpProperties.Delivery(50, 4, Duration.ofMinutes(2),
                Duration.ofSeconds(2), Duration.ofSeconds(30), 3), instance);
    }

    private StoredDocument pending(FinanceDocument doc) {
        return documents.save(doc, stored -> {
            outbox.add(stored, "scripted", Status.PENDING, null, null);
            return "pending:scripted";
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#fresh")
    void anOrdersDocumentsGoInPostingOrderWhileOtherOrdersGoAlongside(String name, Supplier<DataSource> database) {
        ErpDeliveries deliveries = hub(database, "a");
        StoredDocument invoice1 = pending(invoice("SHP-1", "SO-1"));
        StoredDocument cogs1 = pending(cogs("SHP-1", "SO-1"));
        StoredDocument invoice2 = pending(invoice("SHP-2", "SO-2"));

        List<DeliveryOutbox.Delivery> first = deliveries.claimDue();
        assertThat(first).extracting(DeliveryOutbox.Delivery::documentNumber)
                .containsExactly(invoice1.documentNumber(), invoice2.documentNumber());
        first.forEach(deliveries::deliver);
        List<DeliveryOutbox.Delivery> second = deliveries.claimDue();
        assertThat(second).extracting(DeliveryOutbox.Delivery::documentNumber).containsExactly(cogs1.documentNumber());
        second.forEach(deliveries::deliver);

        assertThat(erp.delivered).containsExactly(invoice1.documentNumber(), invoice2.documentNumber(),
                cogs1.documentNumber());
        assertThat(outbox.byId(cogs1.id())).get().satisfies(d -> {
            assertThat(d.status()).isEqualTo(Status.CONFIRMED);
            assertThat(d.erpDocumentId()).isEqualTo("ERP-" + cogs1.documentNumber());
        });
        assertThat(documents.byNumber(cogs1.documentNumber()).orElseThrow().erpReference())
                .isEqualTo("ERP-" + cogs1.documentNumber());
        assertThat(outbox.history(cogs1.id())).extracting(DeliveryOutbox.LogEntry::status)
                .containsExactly("PENDING", "CONFIRMED");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#fresh")
    void aDocumentDeliveredAtOnceKeepsNoLogRowsAndItsHistoryComesFromItsDelivery(String name,
                                                                               Supplier<DataSource> database) {
        hub(database, "a");
        StoredDocument atOnce = documents.save(invoice("SHP-1", "SO-1"), stored -> {
            outbox.add(stored, "interface-tables", Status.CONFIRMED, "IF-7", null);
            return "IF-7";
        });
        StoredDocument later = pending(invoice("SHP-2", "SO-2"));

        assertThat(jdbc.queryForList("select document_id from erp_delivery_log", Long.class))
                .as("only the delivery still to make is logged").containsExactly(later.id());
        assertThat(outbox.history(atOnce.id())).singleElement().satisfies(entry -> {
            assertThat(entry.status()).isEqualTo("CONFIRMED");
            assertThat(entry.actor()).isEqualTo("hub");
            assertThat(entry.detail()).isEqualTo("interface-tables: IF-7");
        });
        assertThat(outbox.history(later.id())).extracting(DeliveryOutbox.LogEntry::status).containsExactly("PENDING");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#fresh")
    void anUnavailableErpNeverFailsADocumentAndTheLaterDocumentOfItsOrderWaits(String name,
                                                                               Supplier<DataSource> database) {
        ErpDeliveries deliveries = hub(database, "a");
        StoredDocument invoice = pending(invoice("SHP-1", "SO-1"));
        StoredDocument cogs = pending(cogs("SHP-1", "SO-1"));
        for (int outage = 0; outage < 12; outage++) {
            erp.next(doc -> {
                throw new ErpUnavailableException("HTTP 503", null);
            });
            List<DeliveryOutbox.Delivery> claimed = deliveries.claimDue();
            assertThat(claimed).extracting(DeliveryOutbox.Delivery::documentNumber)
                    .containsExactly(invoice.documentNumber());
            claimed.forEach(deliveries::deliver);
            assertThat(deliveries.claimDue()).as("not due before its backoff").isEmpty();
            clock.advance(Duration.ofSeconds(31));
        }
        assertThat(outbox.byId(invoice.id())).get().satisfies(d -> {
            assertThat(d.status()).isEqualTo(Status.PENDING);
            assertThat(d.attempts()).isEqualTo(12);
            assertThat(d.reason()).isEqualTo("HTTP 503");
        });
        assertThat(jdbc.queryForObject("select count(*) from hub_exception", Integer.class)).isZero();

        deliveries.claimDue().forEach(deliveries::deliver);
        deliveries.claimDue().forEach(deliveries::deliver);
        assertThat(erp.delivered).containsExactly(invoice.documentNumber(), cogs.documentNumber());
        assertThat(outbox.byId(cogs.id()).orElseThrow().status()).isEqualTo(Status.CONFIRMED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#fresh")
    void retryAfterPausesTheWholeErp(String name, Supplier<DataSource> database) {
        ErpDeliveries deliveries = hub(database, "a");
        pending(invoice("SHP-1", "SO-1"));
        pending(invoice("SHP-2", "SO-2"));
        erp.next(doc -> {
            throw new ErpUnavailableException("HTTP 429", Duration.ofSeconds(20));
        });
        List<DeliveryOutbox.Delivery> claimed = deliveries.claimDue();
        assertThat(claimed).hasSize(2);
        claimed.forEach(deliveries::deliver);

        assertThat(erp.calls).as("the second was not sent once the first was told to wait").isEqualTo(1);
        assertThat(deliveries.pausedTargets()).containsOnlyKeys("scripted");
        clock.advance(Duration.ofSeconds(19));
        assertThat(deliveries.claimDue()).isEmpty();
        clock.advance(Duration.ofSeconds(2));
        deliveries.claimDue().forEach(deliveries::deliver);
        assertThat(erp.delivered).hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#fresh")
    void aRefusedDocumentFailsWithAnOwnedDeliveryFailedException(String name, Supplier<DataSource> database) {
        ErpDeliveries deliveries = hub(database, "a");
        StoredDocument invoice = pending(invoice("SHP-1", "SO-1"));
        erp.next(doc -> {
            throw new DocumentRefusedException("HTTP 422: unknown customer CUST-1001");
        });
        deliveries.claimDue().forEach(deliveries::deliver);

        assertThat(outbox.byId(invoice.id())).get().satisfies(d -> {
            assertThat(d.status()).isEqualTo(Status.FAILED);
            assertThat(d.reason()).isEqualTo("refused by scripted: HTTP 422: unknown customer CUST-1001");
        });
        assertThat(jdbc.queryForObject("select category || ' ' || source_document || ' ' || payload_ref from hub_exception",
                String.class)).isEqualTo("DELIVERY_FAILED SHP-1 document:" + invoice.documentNumber());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#fresh")
    void anAttemptThatTimedOutIsLookedUpAndNotSentTwice(String name, Supplier<DataSource> database) {
        ErpDeliveries deliveries = hub(database, "a");
        StoredDocument invoice = pending(invoice("SHP-1", "SO-1"));
        erp.next(doc -> {
            erp.committed.add(doc.documentNumber()); // the ERP took it, the answer never came
            throw new ErpUnavailableException("no answer within 30s", null, true, null);
        });
        deliveries.claimDue().forEach(deliveries::deliver);
        clock.advance(Duration.ofSeconds(3));
        deliveries.claimDue().forEach(deliveries::deliver);

        assertThat(erp.calls).isEqualTo(1);
        assertThat(erp.lookups).isEqualTo(1);
        assertThat(outbox.byId(invoice.id())).get().satisfies(d -> {
            assertThat(d.status()).isEqualTo(Status.CONFIRMED);
            assertThat(d.erpDocumentId()).isEqualTo("ERP-" + invoice.documentNumber());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#fresh")
    void aClaimIsExclusiveUntilItExpiresThenTakenOverWithALookUp(String name, Supplier<DataSource> database) {
        ErpDeliveries died = hub(database, "instance-a");
        ErpDeliveries survivor = hub(database, "instance-b");
        StoredDocument invoice = pending(invoice("SHP-1", "SO-1"));

        assertThat(died.claimDue()).hasSize(1); // and then instance-a dies mid-call
        assertThat(survivor.claimDue()).isEmpty();
        clock.advance(Duration.ofMinutes(2).plusSeconds(1));
        List<DeliveryOutbox.Delivery> takenOver = survivor.claimDue();
        assertThat(takenOver).singleElement().satisfies(d -> assertThat(d.outcomeUnknown()).isTrue());
        takenOver.forEach(survivor::deliver);

        assertThat(erp.lookups).isEqualTo(1);
        assertThat(erp.delivered).containsExactly(invoice.documentNumber());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#fresh")
    void anUnreadableAnswerIsRetriedWithLookUpsThenFails(String name, Supplier<DataSource> database) {
        ErpDeliveries deliveries = hub(database, "a");
        StoredDocument invoice = pending(invoice("SHP-1", "SO-1"));
        for (int i = 0; i < 3; i++) {
            erp.next(doc -> {
                throw new IllegalStateException("answer is not JSON");
            });
            deliveries.claimDue().forEach(deliveries::deliver);
            clock.advance(Duration.ofSeconds(31));
        }
        assertThat(erp.lookups).isEqualTo(2);
        assertThat(outbox.byId(invoice.id())).get().satisfies(d -> {
            assertThat(d.status()).isEqualTo(Status.FAILED);
            assertThat(d.reason()).startsWith("gave up after 3 attempts to scripted: IllegalStateException");
        });
        assertThat(jdbc.queryForObject("select count(*) from hub_exception where category = 'DELIVERY_FAILED'",
                Integer.class)).isEqualTo(1);
    }

    /** An ERP whose next answers the test scripts; it confirms with ERP-<number> by default. */
    static final class ScriptedErp implements FinanceAdapter {
        final Deque<Function<StoredDocument, String>> script = new ArrayDeque<>();
        final List<String> delivered = new ArrayList<>();
        final List<String> committed = new ArrayList<>();
        int calls;
        int lookups;

        void next(Function<StoredDocument, String> answer) {
            script.add(answer);
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public synchronized String deliver(StoredDocument document) {
            calls++;
            Function<StoredDocument, String> answer = script.poll();
            if (answer != null) {
                return answer.apply(document);
            }
            delivered.add(document.documentNumber());
            committed.add(document.documentNumber());
            return "ERP-" + document.documentNumber();
        }

        @Override
        public synchronized Optional<String> lookup(StoredDocument document) {
            lookups++;
            return committed.contains(document.documentNumber())
                    ? Optional.of("ERP-" + document.documentNumber()) : Optional.empty();
        }
    }
}
