package io.dock2ledger.posting;

import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.posting.rules.InMemoryPostingState;
import io.dock2ledger.posting.rules.PostingEngine;
import io.dock2ledger.posting.rules.PostingFixtures;
import io.dock2ledger.posting.rules.PostingOutcome;
import io.dock2ledger.posting.rules.PostingState;
import io.dock2ledger.posting.rules.RuleBook;
import io.dock2ledger.posting.store.JdbcPostingState;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import static io.dock2ledger.posting.rules.PostingFixtures.line;
import static io.dock2ledger.posting.rules.PostingFixtures.shipment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What {@link JdbcPostingState} must do on every database the hub runs on. */
abstract class JdbcPostingStateContract {

    protected final MasterData masterData = PostingFixtures.masterData();
    protected final RuleBook rules = PostingFixtures.rules(masterData);

    protected abstract DataSource dataSource();

    protected JdbcPostingState state;
    protected TransactionTemplate transactions;

    static void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    @BeforeEach
    void emptyTables() {
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(dataSource());
        for (String table : List.of("posting_receipt_line", "posting_receipt", "posting_order_line", "posting_rma",
                "posting_return_hold", "posting_transfer_leg")) {
            jdbc.getJdbcTemplate().update("delete from " + table);
        }
        state = new JdbcPostingState(jdbc);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource()));
    }

    /** The engine inside one transaction, as the hub runs it. */
    protected PostingOutcome postInTransaction(PostingEngine engine, io.dock2ledger.canonical.CanonicalEvent event) {
        return transactions.execute(tx -> engine.post(event));
    }

    @Test
    void orderLineQuantitiesStartAtZeroAndAccumulate() {
        assertThat(state.orderLine("SO-1", 1).shipped()).isEqualByComparingTo("0");

        state.addShipped("SO-1", 1, new BigDecimal("36"));
        state.addShipped("SO-1", 1, new BigDecimal("0.5"));
        state.addReturned("SO-1", 1, new BigDecimal("6"));

        PostingState.OrderLineProgress progress = state.orderLine("SO-1", 1);
        assertThat(progress.shipped()).isEqualByComparingTo("36.5");
        assertThat(progress.returned()).isEqualByComparingTo("6");
        assertThat(state.orderLine("SO-1", 2).shipped()).isEqualByComparingTo("0");
    }

    @Test
    void addingToAnOrderLineNeverReadCreatesItAndLosesNothing() {
        // The rules read (lock) a line before adding to it; a caller that does not still gets its row and its quantity.
        state.addShipped("SO-9", 3, new BigDecimal("4"));
        state.addReturned("SO-9", 4, new BigDecimal("1.25"));

        assertThat(state.orderLine("SO-9", 3).shipped()).isEqualByComparingTo("4");
        assertThat(state.orderLine("SO-9", 3).returned()).isEqualByComparingTo("0");
        assertThat(state.orderLine("SO-9", 4).returned()).isEqualByComparingTo("1.25");
        assertThat(state.orderLine("SO-9", 4).shipped()).isEqualByComparingTo("0");
    }

    @Test
    void severalLinesOfAnOrderAreReadTogetherAndTheOnesNeverTouchedAreCreated() {
        state.addShipped("SO-7", 2, new BigDecimal("5"));

        SortedMap<Integer, PostingState.OrderLineProgress> lines = state.orderLines("SO-7", List.of(3, 1, 2, 3));

        assertThat(lines.keySet()).containsExactly(1, 2, 3);
        assertThat(shipped(lines)).containsExactly("0", "5", "0");
        assertThat(new NamedParameterJdbcTemplate(dataSource()).getJdbcTemplate().queryForObject(
                "select count(*) from posting_order_line where order_id = 'SO-7'", Integer.class)).isEqualTo(3);
        assertThat(state.orderLines("SO-7", List.of())).isEmpty();
    }

    @Test
    void shippedQuantitiesOfSeveralLinesAreAddedTogetherAndALineNeverReadIsCreated() {
        state.orderLines("SO-8", List.of(1, 2));

        state.addShipped("SO-8", Map.of(2, new BigDecimal("2.5"), 1, new BigDecimal("1"), 4, new BigDecimal("4")));
        state.addShipped("SO-8", Map.of(1, new BigDecimal("10")));

        assertThat(shipped(state.orderLines("SO-8", List.of(1, 2, 3, 4)))).containsExactly("11", "2.5", "0", "4");
        assertThat(state.orderLine("SO-8", 4).returned()).isEqualByComparingTo("0");
    }

    /**
     * Lines read together stay locked until their transaction ends: another posting adding to one of them waits, then
     * adds to what the first committed. (H2 takes the locks with an update that changes nothing, PostgreSQL with
     * {@code FOR UPDATE}; without either this fails.)
     */
    @Test
    void linesReadTogetherStayLockedUntilTheirTransactionEnds() throws Exception {
        state.orderLines("SO-LOCKS", List.of(1, 2));
        CountDownLatch read = new CountDownLatch(1);
        CountDownLatch mayCommit = new CountDownLatch(1);
        ExecutorService postings = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(tx -> {
                state.orderLines("SO-LOCKS", List.of(2, 1));
                state.addShipped("SO-LOCKS", Map.of(1, new BigDecimal("1")));
                read.countDown();
                await().until(() -> mayCommit.await(0, TimeUnit.MILLISECONDS));
            }), postings);
            assertThat(read.await(30, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> other = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(tx ->
                    state.addShipped("SO-LOCKS", Map.of(2, new BigDecimal("3")))), postings);

            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> !other.isDone());
            mayCommit.countDown();
            holder.get(30, TimeUnit.SECONDS);
            other.get(30, TimeUnit.SECONDS);
        } finally {
            postings.shutdownNow();
        }
        assertThat(shipped(state.orderLines("SO-LOCKS", List.of(1, 2)))).containsExactly("1", "3");
    }

    /** Shipped quantities in line order, as plain numbers without trailing zeros (5.0000 reads "5"). */
    private static List<String> shipped(SortedMap<Integer, PostingState.OrderLineProgress> lines) {
        return lines.values().stream().map(line -> line.shipped().stripTrailingZeros().toPlainString()).toList();
    }

    @Test
    void rmaCreditsAccumulate() {
        state.addCreditedUnderRma("RMA-1", new BigDecimal("2"));
        state.addCreditedUnderRma("RMA-1", new BigDecimal("3"));

        assertThat(state.creditedUnderRma("RMA-1")).isEqualByComparingTo("5");
        assertThat(state.creditedUnderRma("RMA-2")).isEqualByComparingTo("0");
    }

    @Test
    void heldReturnsAreRememberedOnceAndSettled() {
        PostingState.HeldReturn held = new PostingState.HeldReturn("evt-1", "RMA-1", "RMA-1", new BigDecimal("6"), null);
        state.holdReturn(held);
        state.holdReturn(held);
        state.holdReturn(new PostingState.HeldReturn("evt-2", "RMA-1", "RMA-1", new BigDecimal("1"), null));

        assertThat(state.heldReturns("RMA-1")).extracting(PostingState.HeldReturn::eventId).containsExactly("evt-1", "evt-2");

        state.releaseHeldReturns("RMA-1", "evt-3");

        assertThat(state.heldReturns("RMA-1")).isEmpty();
        assertThat(state.heldReturn("evt-1")).hasValueSatisfying(h -> assertThat(h.settledByEventId()).isEqualTo("evt-3"));
        assertThat(state.heldReturn("evt-9")).isEmpty();
    }

    @Test
    void receiptsAreFoundByIdAndByPurchaseOrderAndBillOfLading() {
        PostingState.ReceiptLine red = new PostingState.ReceiptLine(1, "MUG-RED", new BigDecimal("240"), "EA",
                new BigDecimal("0.19583333"), new BigDecimal("47.00"), new BigDecimal("84.000"));
        state.recordReceipt(new PostingState.PostedReceipt("RCV-1", "PO-1", "BOL-1", "US01", "USD", List.of(red)));
        state.recordReceipt(new PostingState.PostedReceipt("RCV-2", "PO-1", "BOL-1", "US01", "USD", List.of(red)));
        state.recordReceipt(new PostingState.PostedReceipt("RCV-3", "PO-1", "BOL-2", "US01", "USD", List.of(red)));

        assertThat(state.receiptsFor("PO-1", "BOL-1")).extracting(PostingState.PostedReceipt::receiptId)
                .containsExactly("RCV-1", "RCV-2");
        PostingState.PostedReceipt receipt = state.receipt("RCV-3").orElseThrow();
        assertThat(receipt.billOfLading()).isEqualTo("BOL-2");
        PostingState.ReceiptLine line = receipt.lines().get(0);
        assertThat(line.sku()).isEqualTo("MUG-RED");
        assertThat(line.baseQuantity()).isEqualByComparingTo("240");
        assertThat(line.unitCost()).isEqualByComparingTo("0.19583333");
        assertThat(line.value()).isEqualByComparingTo("47.00");
        assertThat(line.weightKg()).isEqualByComparingTo("84");
        assertThat(state.receipt("RCV-9")).isEmpty();
    }

    @Test
    void transferLegsAccumulatePerSku() {
        state.addTransferLeg("TRF-1", PostingState.TransferLeg.SHIPPED, Map.of("MUG-RED", new BigDecimal("48")));
        state.addTransferLeg("TRF-1", PostingState.TransferLeg.SHIPPED,
                Map.of("MUG-RED", new BigDecimal("2"), "MUG-BLU", new BigDecimal("1")));

        Map<String, BigDecimal> shipped = state.transferLeg("TRF-1", PostingState.TransferLeg.SHIPPED);
        assertThat(shipped.get("MUG-RED")).isEqualByComparingTo("50");
        assertThat(shipped.get("MUG-BLU")).isEqualByComparingTo("1");
        assertThat(state.transferLeg("TRF-1", PostingState.TransferLeg.RECEIVED)).isEmpty();
    }

    @Test
    void theDemoPostsTheSameDocumentsAsInMemory() {
        PostingEngine engine = new PostingEngine(masterData, rules, state);
        List<io.dock2ledger.canonical.CanonicalEvent> reversed = new java.util.ArrayList<>(PostingFixtures.demoEvents());
        java.util.Collections.reverse(reversed);
        PostingHarness harness = new PostingHarness(event -> postInTransaction(engine, event));

        harness.postAll(reversed);

        DemoExpectations.assertMatchesExpected(harness.documents());
        PostingHarness inMemory = new PostingHarness(new PostingEngine(masterData, rules, new InMemoryPostingState()));
        inMemory.postAll(PostingFixtures.demoEvents());
        assertThat(DemoOutcomesTest.sorted(harness.documents())).isEqualTo(DemoOutcomesTest.sorted(inMemory.documents()));
    }

    @Test
    void aRejectedEventLeavesNoState() {
        PostingEngine engine = new PostingEngine(masterData, rules, state);

        PostingOutcome outcome = postInTransaction(engine, shipment("SHP-9050", "SO-50001", LocalDate.of(2026, 11, 26),
                line(1, "MUG-RED", "10"), line(2, "KETTLE-1L", "9")));

        assertThat(outcome).isInstanceOfSatisfying(PostingOutcome.Rejected.class,
                r -> assertThat(r.category()).isEqualTo(ExceptionCategory.OVER_SHIPMENT));
        assertThat(state.orderLine("SO-50001", 1).shipped()).isEqualByComparingTo("0");
    }
}
