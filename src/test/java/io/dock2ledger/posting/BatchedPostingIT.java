package io.dock2ledger.posting;

import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.posting.FailureHalfWayInBatch.Rollbacks;
import io.dock2ledger.support.HubIntegrationTest;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.TextMessage;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events waiting on the posting queue are committed many per database transaction and JMS commit
 * (PostingBatchContainer), and one that cannot be processed never holds back the others of its batch: it is retried
 * and dead-lettered alone, in its own savepoint, while they post, each exactly once.
 */
class BatchedPostingIT extends HubIntegrationTest {

    private static final String ROUTE = "canonical-events-to-finance";
    private static final int EVENTS = 30;
    private static final String UNREADABLE_PARKED = "select count(*) from hub_exception where category = 'DELIVERY_FAILED'"
            + " and source_document = 'unreadable message' and payload_ref like 'jms:dock2ledger.events.dlq%'";

    @Autowired
    private JmsTemplate jms;

    @Autowired
    private CamelContext camel;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private CanonicalEventStore events;

    @Test
    void waitingEventsPostTogetherAndABadOneIsDeadLetteredAloneWhileTheRestOfItsBatchPosts() throws Exception {
        for (int i = 1; i <= EVENTS; i++) {
            jdbc.update("insert into md_sales_order_line values (?, 1, 'US01', 'CUST-1001', 'MUG-RED', 36, 'EA', 4.95, 'USD')",
                    "SO-BATCH" + i);
            jdbc.update("insert into md_sales_order_line values (?, 2, 'US01', 'CUST-1001', 'KETTLE-1L', 8, 'EA', 29.00, 'USD')",
                    "SO-BATCH" + i);
        }
        double batchesBefore = batches().count();
        int parkedBefore = count(UNREADABLE_PARKED);

        // Everything is on the queue before a consumer looks, so the consumers find batches waiting.
        camel.getRouteController().stopRoute(ROUTE);
        try {
            for (int i = 1; i <= EVENTS; i++) {
                jms.convertAndSend("dock2ledger.events",
                        SampleEvents.shipment("SHP-BATCH" + i, "SO-BATCH" + i, "2026-11-26T20:00:00Z"));
                if (i == EVENTS / 3) {
                    jms.convertAndSend("dock2ledger.events", "{\"not\": \"an event\", \"marker\": \"BATCH-POISON-1\"");
                }
            }
        } finally {
            camel.getRouteController().startRoute(ROUTE);
        }

        await().atMost(Duration.ofSeconds(120)).until(() ->
                count("select count(*) from finance_document where source_document like 'SHP-BATCH%'") == 2 * EVENTS);
        await().atMost(Duration.ofSeconds(120)).until(() -> count(UNREADABLE_PARKED) > parkedBefore);
        jms.setReceiveTimeout(10_000);
        String parked = "";
        for (int i = 0; i < 10 && !parked.contains("BATCH-POISON-1"); i++) {
            TextMessage next = (TextMessage) jms.receive("dock2ledger.events.dlq");
            assertThat(next).as("the bad message is in the DLQ").isNotNull();
            parked = next.getText();
        }
        assertThat(parked).contains("BATCH-POISON-1");

        assertThat(count("select count(*) from posting_ledger where document_id like 'SHP-BATCH%'")).isEqualTo(EVENTS);
        assertThat(count("select count(*) from event_audit where event_id like 'evt-SHP-BATCH%' and stage = 'POSTED'"))
                .as("each event posted once").isEqualTo(EVENTS);
        assertThat(count("select count(*) from hub_exception where source_document like 'SHP-BATCH%'")).isZero();
        // Documents and deliveries are written with the batch's other rows just before it commits: one delivery a
        // document, confirmed at once by the interface tables, so with no log row (its history is the delivery row).
        assertThat(count("""
                select count(*) from finance_document f join erp_delivery d on d.document_id = f.id
                where f.source_document like 'SHP-BATCH%' and d.status = 'CONFIRMED' and f.status = 'POSTED'
                and f.erp_reference = d.erp_document_id""")).isEqualTo(2 * EVENTS);
        assertThat(count("""
                select count(*) from finance_document f join erp_delivery_log l on l.document_id = f.id
                where f.source_document like 'SHP-BATCH%'""")).isZero();
        DistributionSummary batches = batches();
        assertThat(batches.count() - batchesBefore).as("batches committed").isGreaterThan(0);
        assertThat(batches.max()).as("events in the largest batch").isGreaterThan(1);
    }

    @Test
    void anEventFailingHalfWayInABatchRollsBackAloneAndIsDeadLetteredWhileTheOthersPostOnce() throws Throwable {
        // H2 goes on after a failed statement, so here an event that did not roll back to its savepoint would commit
        // the half of it that was written with its batch: its claim, its order lines; and rows it queued for the commit
        // (its documents, its invoice) would be written unless dropped with it (FailureHalfWayInBatch).
        Rollbacks before = rollbacks();
        refusingBadRows("update", "canonical_event", FailureHalfWayInBatch.RefuseBadRowOnH2.class, () ->
                // More than a batch (100), the bad event in the middle.
                new FailureHalfWayInBatch(jdbc, jms, camel, events).runAndCheck("SHP-H2BATCH", 150));
        assertThat(rollbacks().since(before)).as("no batch rolled back at its commit").isEqualTo(new Rollbacks(0, 0));
    }

    @Test
    void aRowRefusedAtTheBatchsCommitRollsBackTheBatchAndOnlyItsEventIsDeadLettered() throws Throwable {
        Rollbacks before = rollbacks();
        refusingBadRows("insert", "erp_if_journal_header", FailureHalfWayInBatch.RefuseBadRowOnH2.class, () ->
                new FailureHalfWayInBatch(jdbc, jms, camel, events).runAndCheck("SHP-H2FLUSH", 150));
        Rollbacks rolledBack = rollbacks().since(before);
        assertThat(rolledBack.refusedRow()).as("commits refused for a row's data, taken again at once").isPositive();
        assertThat(rolledBack.commitFailed()).as("commits that failed otherwise, after a pause").isZero();
    }

    /**
     * A commit failing for a reason that may pass (here a general error, as a database in trouble gives) is not taken
     * again at once: the consumer pauses before each attempt, so the event is not dead-lettered within seconds.
     */
    @Test
    void aCommitFailingNotForTheDataPausesTheConsumerBetweenAttemptsAndStillIsolatesTheEvent() throws Throwable {
        Rollbacks before = rollbacks();
        refusingBadRows("insert", "erp_if_journal_header", FailureHalfWayInBatch.FailOnBadRowOnH2.class, () ->
                new FailureHalfWayInBatch(jdbc, jms, camel, events).runAndCheck("SHP-H2PAUSE", 150,
                        Duration.ofSeconds(4)));
        Rollbacks rolledBack = rollbacks().since(before);
        assertThat(rolledBack.commitFailed()).isPositive();
        assertThat(rolledBack.refusedRow()).isZero();
    }

    private void refusingBadRows(String operation, String table, Class<? extends org.h2.api.Trigger> trigger,
                                 Executable run) throws Throwable {
        jdbc.execute("create trigger if not exists refuse_bad_rows before " + operation + " on " + table
                + " for each row call '" + trigger.getName() + "'");
        try {
            run.execute();
        } finally {
            jdbc.execute("drop trigger if exists refuse_bad_rows");
        }
    }

    private Rollbacks rollbacks() {
        return Rollbacks.of(meters);
    }

    private DistributionSummary batches() {
        return meters.get("dock2ledger.posting.batch.events").summary();
    }
}
