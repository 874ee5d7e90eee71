package io.dock2ledger.posting;

import io.dock2ledger.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Copies of one shipment read at the same moment (a partner that uploads a file twice under two names) reach two
 * posting consumers together. One posts; the other must end as a DUPLICATE, not as a false OVER_SHIPMENT judged
 * against the quantity its twin just consumed (issue 8: the shipment posted once, but an OVER_SHIPMENT exception for
 * the same event stayed open).
 */
class ConcurrentDuplicatePostingIT extends HubIntegrationTest {

    @Autowired
    EventPostingService posting;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aCopyPostedWhileItsTwinHoldsTheOrderLineIsADuplicateNotAnOverShipment() throws Exception {
        // An order that the shipment fills exactly, so that a second posting of it would be over the ordered quantity.
        jdbc.update("insert into md_sales_order_line values ('SO-RACE1', 1, 'US01', 'CUST-1001', 'MUG-RED', 36, 'EA', 4.95, 'USD')");
        jdbc.update("insert into md_sales_order_line values ('SO-RACE1', 2, 'US01', 'CUST-1001', 'KETTLE-1L', 8, 'EA', 29.00, 'USD')");
        // Its lines have been shipped from before (nothing yet), so both consumers lock existing rows. (When two
        // consumers create an order line's row at once, H2 fails the second with a lock timeout and the route's
        // redelivery posts it again: the same decision as here, one retry later.)
        jdbc.update("insert into posting_order_line (order_id, line_no, shipped_qty, returned_qty) values ('SO-RACE1', 1, 0, 0)");
        jdbc.update("insert into posting_order_line (order_id, line_no, shipped_qty, returned_qty) values ('SO-RACE1', 2, 0, 0)");
        String event = SampleEvents.shipment("SHP-RACE1", "SO-RACE1", "2026-11-26T20:00:00Z");

        // Two consumer threads of their own (the common pool may have a single worker on a 2-core machine).
        ExecutorService consumers = Executors.newFixedThreadPool(2);
        CountDownLatch firstPosted = new CountDownLatch(1);
        CountDownLatch commitFirst = new CountDownLatch(1);
        AtomicReference<EventPostingService.Result> first = new AtomicReference<>();
        // The first consumer posts inside a transaction that stays open (holding the order lines) until we say so.
        CompletableFuture<Void> firstConsumer = CompletableFuture.runAsync(() ->
                new TransactionTemplate(transactions).executeWithoutResult(status -> {
                    first.set(posting.post(event, null));
                    firstPosted.countDown();
                    try {
                        commitFirst.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }), consumers);
        assertThat(firstPosted.await(30, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<EventPostingService.Result> secondConsumer = CompletableFuture.supplyAsync(
                () -> posting.post(event, null), consumers);
        // The second consumer is held up by the first's open transaction (on the document's ledger key now; on the
        // order-line lock before issue 8's fix) and cannot finish before the first commits.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).until(() -> !secondConsumer.isDone());
        commitFirst.countDown();
        firstConsumer.get(30, TimeUnit.SECONDS);
        EventPostingService.Result second = secondConsumer.get(30, TimeUnit.SECONDS);
        consumers.shutdown();

        assertThat(first.get().status()).isEqualTo(EventPostingService.Status.POSTED);
        assertThat(second.status()).as(second.detail()).isEqualTo(EventPostingService.Status.DUPLICATE);
        assertThat(count("select count(*) from hub_exception where source_document = 'SHP-RACE1'"))
                .as("exceptions for a shipment that posted once").isZero();
        assertThat(count("select count(*) from finance_document where source_document = 'SHP-RACE1'")).isEqualTo(2);
    }
}
