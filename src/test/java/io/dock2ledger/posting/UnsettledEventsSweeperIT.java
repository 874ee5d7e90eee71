package io.dock2ledger.posting;

import io.dock2ledger.audit.AuditTrail;
import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The safety net behind "nothing lost": an event the intake accepted whose posting message never arrived (the
 * kill -9 of issue 8 left 14 such events ACCEPTED, with no posting, no exception and every queue empty) is found by
 * the sweeper route, posted once through the normal posting path, and never left silent.
 */
class UnsettledEventsSweeperIT extends HubIntegrationTest {

    @Autowired
    CanonicalEventStore events;

    @Autowired
    AuditTrail audit;

    @Test
    void anAcceptedEventWhoseMessageWasLostIsRedrivenAndPostsOnce() {
        orderFor("SO-LOST1");
        // Accepted an hour ago, its message lost: stored, never queued.
        events.storeIfAbsent(events.fromJson(SampleEvents.shipment("SHP-LOST1", "SO-LOST1", hourAgo())));

        await().atMost(Duration.ofSeconds(60)).until(() ->
                count("select count(*) from finance_document where source_document = 'SHP-LOST1'") == 2);
        assertThat(jdbc.queryForObject("select status from canonical_event where event_id = 'evt-SHP-LOST1'", String.class))
                .isEqualTo("POSTED");
        assertThat(count("select count(*) from event_audit where event_id = 'evt-SHP-LOST1' and stage = 'REDRIVEN'"))
                .isEqualTo(1);
        assertThat(count("select count(*) from posting_ledger where document_id = 'SHP-LOST1'")).isEqualTo(1);
        assertThat(count("select count(*) from hub_exception where source_document = 'SHP-LOST1'")).isZero();
    }

    @Test
    void severalLostEventsAreRedrivenOldestFirstAndEachPostsOnce() {
        // Two or more at once: the sweep sorts them by arrival, which on H2 once failed on the time's Java type, every
        // sweep, so no lost event was ever re-driven while another was lost too.
        for (int i = 1; i <= 3; i++) {
            orderFor("SO-LOSTMANY" + i);
            events.storeIfAbsent(events.fromJson(SampleEvents.shipment("SHP-LOSTMANY" + i, "SO-LOSTMANY" + i,
                    Instant.now().minus(Duration.ofMinutes(60 - i)).toString())));
        }

        await().atMost(Duration.ofSeconds(60)).until(() ->
                count("select count(*) from finance_document where source_document like 'SHP-LOSTMANY%'") == 6);
        assertThat(count("""
                select count(*) from event_audit where event_id like 'evt-SHP-LOSTMANY%' and stage = 'REDRIVEN'"""))
                .isEqualTo(3);
        assertThat(count("select count(*) from posting_ledger where document_id like 'SHP-LOSTMANY%'")).isEqualTo(3);
        assertThat(count("""
                select count(*) from canonical_event where event_id like 'evt-SHP-LOSTMANY%' and status = 'POSTED'"""))
                .isEqualTo(3);
    }

    @Test
    void anEventStillUndecidedAfterItsRedrivesBecomesAnOwnedException() {
        orderFor("SO-LOST2");
        events.storeIfAbsent(events.fromJson(SampleEvents.shipment("SHP-LOST2", "SO-LOST2", hourAgo())));
        Instant longAgo = Instant.now().minus(Duration.ofHours(1));
        for (int i = 0; i < 3; i++) {
            audit.record("evt-SHP-LOST2", AuditTrail.Stage.REDRIVEN, longAgo, "test");
        }

        await().atMost(Duration.ofSeconds(60)).until(() ->
                count("select count(*) from hub_exception where event_id = 'evt-SHP-LOST2'") == 1);
        Map<String, Object> exception = jdbc.queryForMap(
                "select category, owner, status, reason from hub_exception where event_id = 'evt-SHP-LOST2'");
        assertThat(exception).containsEntry("category", "UNSETTLED_EVENT").containsEntry("owner", "operations")
                .containsEntry("status", "OPEN");
        assertThat((String) exception.get("reason")).contains("no posting decided it");
        assertThat(jdbc.queryForObject("select status from canonical_event where event_id = 'evt-SHP-LOST2'", String.class))
                .isEqualTo("FAILED");
        assertThat(count("select count(*) from finance_document where source_document = 'SHP-LOST2'")).isZero();
    }

    private void orderFor(String order) {
        jdbc.update("insert into md_sales_order_line values (?, 1, 'US01', 'CUST-1001', 'MUG-RED', 36, 'EA', 4.95, 'USD')", order);
        jdbc.update("insert into md_sales_order_line values (?, 2, 'US01', 'CUST-1001', 'KETTLE-1L', 8, 'EA', 29.00, 'USD')", order);
    }

    private static String hourAgo() {
        return Instant.now().minus(Duration.ofHours(1)).toString();
    }
}
