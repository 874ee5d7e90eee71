package io.dock2ledger.intake;

import io.dock2ledger.config.MessageSizeLimit;
import io.dock2ledger.support.HubIntegrationTest;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static io.dock2ledger.intake.PartnerFolderFiles.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shipments of thousands of lines through the running hub and its embedded broker. The hub never sends an Artemis
 * "large message" (Artemis 2.40 writes those in files of their own without noticing a full disk, docs/reliability.md):
 * an event up to dock2ledger.broker.max-message-size (4MB by default) is one ordinary message, journaled like any
 * other, and a larger one is refused at intake as EVENT_TOO_LARGE, owned, while the rest of its file goes on.
 * A broker plugin sees every message the broker takes, after Artemis would have made it large (client or server side).
 */
class LargeEventsIT extends HubIntegrationTest {

    @Autowired
    EmbeddedActiveMQ broker;

    @Autowired
    MessageSizeLimit largest;

    @Autowired
    CamelContext camel;

    @Autowired
    MeterRegistry meters;

    private final SeenMessages seen = new SeenMessages();

    @BeforeEach
    void watchTheBroker() throws Exception {
        broker.getActiveMQServer().registerBrokerPlugin(seen);
    }

    @AfterEach
    void stopWatching() {
        broker.getActiveMQServer().unRegisterBrokerPlugin(seen);
    }

    @Test
    void anEventOfThousandsOfLinesTravelsAsOneOrdinaryMessage() {
        // 3,000 lines: ~400,000 characters of JSON, a message of ~800 KB, above Artemis's 100 KiB large-message
        // threshold and its 490 KiB journal buffer, both of which the hub raises to its 4MB.
        drop("acme-3pl", "shipments_LRG-3000.csv", new ShipmentsCsv().add("LRG-3000", 3_000).toString());

        await().atMost(Duration.ofMinutes(2)).until(() -> count("select count(*) from canonical_event "
                + "where source_document = 'LRG-3000' and status not in ('ACCEPTED', 'WAITING')") == 1);
        assertThat(seen.largest.get()).as("the event's posting message reached the broker")
                .isGreaterThan(700_000).isLessThanOrEqualTo(largest.bytes());
        assertThat(seen.large.get()).as("messages the broker took as large messages").isZero();
        // Decided by the posting side: 3,000 cases of mugs are far over the order's 120 each (not a broker matter).
        assertThat(jdbc.queryForObject("select status from canonical_event where source_document = 'LRG-3000'",
                String.class)).isEqualTo("FAILED");
        assertThat(count("select count(*) from hub_exception where source_document = 'LRG-3000' "
                + "and category = 'OVER_SHIPMENT'")).isOne();
    }

    @Test
    void anEventOverTheLargestMessageIsRefusedOwnedAndTheRestOfItsFileGoesOn() {
        // 20,000 lines: ~2.6 million characters of JSON, over the 2,064,384 one 4MB message may carry.
        drop("acme-3pl", "shipments_LRG-20000.csv",
                new ShipmentsCsv().add("LRG-20000", 20_000).add("LRG-SMALL1", 1).toString());

        await().atMost(Duration.ofMinutes(3)).until(() ->
                !files(DATA_DIR.resolve("partners/acme-3pl/archive"), "shipments_LRG-20000").isEmpty());
        assertThat(jdbc.queryForMap("select owner, reason from hub_exception where category = 'EVENT_TOO_LARGE' "
                + "and source_document = 'LRG-20000'"))
                .containsEntry("OWNER", "integration-team")
                .hasEntrySatisfying("REASON", reason -> assertThat((String) reason).contains(
                        "shipment.confirmed LRG-20000 with 20000 lines is ",
                        "characters of JSON, more than the 2064384 one posting message may carry "
                                + "(dock2ledger.broker.max-message-size 4MB): split the document"));
        assertThat(count("select count(*) from canonical_event where source_document = 'LRG-20000'"))
                .as("nothing of the refused event stored").isZero();
        assertThat(count("select count(*) from canonical_event where source_document = 'LRG-SMALL1'"))
                .as("the file's other shipment").isOne();
        assertThat(seen.large.get()).as("messages the broker took as large messages").isZero();
    }

    /**
     * A posting batch holds its rows in the heap until it commits, so it takes events up to dock2ledger.posting.batch-bytes
     * (8MB), not 100 of them, when they are large: twelve ~0.9 MB events waiting together post in two batches, not one.
     */
    @Test
    void aPostingBatchOfLargeEventsIsBoundedByItsBytes() throws Exception {
        ShipmentsCsv file = new ShipmentsCsv();
        for (int i = 1; i <= 12; i++) {
            file.add("LRG-BATCH-%02d".formatted(i), 3_000);
        }

        assertThat(batchesThatPostTogether("LRG-BATCH", file, 12))
                .as("batches that posted the twelve (~0.9 MB each: the first stops at 8MB)").isEqualTo(2);
    }

    /**
     * ... and up to dock2ledger.posting.batch-rows (10,000) rows left for its commit: those rows wait in the heap until
     * then, and H2 writes every page they change in one buffer when it commits (two 10,000-line events in one batch ran
     * a hub on -Xmx256m out of memory, docs/reliability.md). Six 1,000-line shipments that post (~8,000 rows each: 4,000
     * document lines, 4,000 interface lines) are far under the batch's 100 events and 8MB, and post two a batch.
     */
    @Test
    void aPostingBatchOfLargeEventsIsBoundedByTheRowsItWritesAtItsCommit() throws Exception {
        jdbc.update("insert into md_sales_order_line values ('SO-LRG-ROWS', 1, 'US02', 'CUST-1002', 'MUG-RED', 1000000, "
                + "'EA', 4.80, 'USD')");
        ShipmentsCsv file = new ShipmentsCsv();
        for (int i = 1; i <= 6; i++) {
            file.add("LRG-ROWS-%02d".formatted(i), "SO-LRG-ROWS", 1_000);
        }

        long batchesThatPosted = batchesThatPostTogether("LRG-ROWS", file, 6);

        assertThat(count("select count(*) from canonical_event where source_document like 'LRG-ROWS-%' "
                + "and status = 'POSTED'")).as("every shipment posted").isEqualTo(6);
        assertThat(count("select count(*) from finance_document_line l join finance_document d on d.id = l.document_id "
                + "where d.source_document = 'LRG-ROWS-01'")).as("the document lines of one shipment")
                .isEqualTo(4_002);
        assertThat(batchesThatPosted).as("batches that posted the six (the first stops past 10,000 rows)").isEqualTo(3);
    }

    /**
     * Drops {@code file} (shipments {@code prefix}-*) while posting is stopped, so that its {@code shipments} events all
     * wait on the queue before a consumer looks; then lets them post, and returns how many batches committed them once
     * every one of them is decided.
     */
    private long batchesThatPostTogether(String prefix, ShipmentsCsv file, int shipments) throws Exception {
        DistributionSummary batches = meters.get("dock2ledger.posting.batch.events").summary();
        camel.getRouteController().stopRoute("canonical-events-to-finance");
        long batchesBefore;
        double eventsBefore;
        try {
            drop("acme-3pl", "shipments_" + prefix + ".csv", file.toString());
            EmbeddedPostingQueue queue = new EmbeddedPostingQueue(broker);
            await().atMost(Duration.ofMinutes(2)).until(() -> queue.getAsLong() >= shipments);
            batchesBefore = batches.count();
            eventsBefore = batches.totalAmount();
        } finally {
            camel.getRouteController().startRoute("canonical-events-to-finance");
        }

        await().atMost(Duration.ofMinutes(2)).until(() -> count("select count(*) from canonical_event "
                + "where source_document like '" + prefix + "-%' and status not in ('ACCEPTED', 'WAITING')") == shipments);
        // A batch is counted just after its JMS commit, a moment after its database commit made the events decided.
        await().atMost(Duration.ofSeconds(30)).until(() -> batches.totalAmount() - eventsBefore >= shipments);
        return batches.count() - batchesBefore;
    }

    /** An acme-3pl shipments CSV: shipments (on SO-50004, MUG-RED, 120 each ordered, unless told), one case a line. */
    private static final class ShipmentsCsv {

        private final StringBuilder csv = new StringBuilder(
                "shipment_id,order_id,ship_date,ship_from,ship_to_customer,line_no,item,qty,uom,lot,carrier,tracking\n");

        ShipmentsCsv add(String id, int lines) {
            return add(id, "SO-50004", lines);
        }

        ShipmentsCsv add(String id, String order, int lines) {
            for (int i = 1; i <= lines; i++) {
                csv.append(id).append(',').append(order).append(",2026-11-26T10:00:00-05:00,NJ1,CUST-1002,").append(i)
                        .append(",ACM-0001,1,CA,L2611A,UPSN,1Z999AA10123456784\n");
            }
            return this;
        }

        @Override
        public String toString() {
            return csv.toString();
        }
    }

    /** Counts the messages the broker takes as large messages, and the size of the largest ordinary one. */
    private static final class SeenMessages implements ActiveMQServerMessagePlugin {

        final AtomicInteger large = new AtomicInteger();
        final AtomicInteger largest = new AtomicInteger();

        @Override
        public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct,
                               boolean noAutoCreateQueue) {
            if (message.isLargeMessage()) {
                large.incrementAndGet();
            } else {
                largest.accumulateAndGet(message.getEncodeSize(), Math::max);
            }
        }
    }
}
