package io.dock2ledger.faultinjection;

import io.dock2ledger.RecoveringEmbeddedBroker;
import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.support.HubWithOwnConfig;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A whole hub whose embedded broker meets a critical IO error twice while a file of shipments posts: the error its
 * journal reports when a write fails (a full disk), through the broker's own path (StorageManager.criticalError), so
 * Artemis stops the broker as it would. Before RecoveringEmbeddedBroker the hub ran on without a broker until someone
 * restarted it (DiskFullFaultIT, CI of 2026-12-05). Now a new broker starts on the same journal, the hub's listeners
 * and intake reconnect to it, and every shipment of the file posts exactly once: reconciled one by one.
 */
class BrokerCriticalIoErrorIT extends HubWithOwnConfig {

    private static final int SHIPMENTS = 400;

    @Test
    void theHubPostsEveryShipmentOnceThroughTwoBrokerCriticalIoErrors() throws Exception {
        appendToMasterData("sales_orders.csv", FaultWorkspace.ORDER + ",1,US01,CUST-1001,MUG-RED,1000000000,EA,4.95,USD");
        appendToMasterData("sales_orders.csv", FaultWorkspace.ORDER + ",2,US01,CUST-1001,KETTLE-1L,1000000000,EA,29.00,USD");
        MasterData masterData = hub.getBean(MasterData.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> masterData.salesOrder(FaultWorkspace.ORDER).size() == 2);
        RecoveringEmbeddedBroker broker = (RecoveringEmbeddedBroker) hub.getBean(EmbeddedActiveMQ.class);
        MeterRegistry meters = hub.getBean(MeterRegistry.class);

        List<String> ids = new ArrayList<>();
        StringBuilder csv = new StringBuilder();
        FaultWorkspace.writeShipmentsCsv(csv, "BRK", SHIPMENTS, List.of(FaultWorkspace.ORDER), 0, ids);
        drop(FaultWorkspace.PARTNER, "shipments_BRK.csv", csv.toString());

        for (int round = 1; round <= 2; round++) {
            int postedAtLeast = round * SHIPMENTS / 4;
            brokerStopping().atMost(Duration.ofSeconds(120)).until(() -> posted() >= postedAtLeast);
            ActiveMQServer failing = broker.getActiveMQServer();
            failing.getStorageManager().criticalError(new IOException("No space left on device"));
            int restarts = round;
            brokerStopping().atMost(Duration.ofSeconds(60)).until(() -> broker.restarts() == restarts && broker.active());
            assertThat(failing.getState()).isEqualTo(ActiveMQServer.SERVER_STATE.STOPPED);
        }

        brokerStopping().atMost(Duration.ofSeconds(300)).until(() -> posted() + excepted() == SHIPMENTS);
        Reconciliation r;
        try (Connection db = jdbc.getDataSource().getConnection()) {
            r = Reconciliation.of("broker-critical-io-error", db, ids);
        }
        System.out.println(r.table());
        assertThat(r.counts.get(Reconciliation.Outcome.POSTED)).as(r.table()).isEqualTo(SHIPMENTS);
        assertThat(r.clean()).as(r.table()).isTrue();
        assertThat(meters.get("dock2ledger.broker.restarts").functionCounter().count()).isEqualTo(2.0);
        assertThat(meters.get("dock2ledger.broker.active").gauge().value()).isEqualTo(1.0);
        // The broker started again has the hub's address settings too: it refuses, never pages (BrokerPagingConfiguration).
        assertThat(broker.getActiveMQServer().getAddressSettingsRepository().getMatch("dock2ledger.events")
                .getAddressFullMessagePolicy()).isEqualTo(AddressFullMessagePolicy.FAIL);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                get("/actuator/health", "viewer", "dev-viewer").body().contains("\"status\":\"UP\""));
    }

    /**
     * Awaitility fails a wait on any uncaught exception of any thread of the JVM. A broker stopping itself in this JVM
     * may let one of its own pool threads die on a task rejected by the pool it is shutting down
     * ({@code RejectedExecutionException} from Artemis's {@code ProcessorBase}, seen once in {@code mvn verify} on
     * 2026-12-07, not in four runs alone): a race inside Artemis's stop, not the hub's doing. What this test proves of
     * the hub is asserted below, shipment by shipment.
     */
    private static org.awaitility.core.ConditionFactory brokerStopping() {
        return await().dontCatchUncaughtExceptions();
    }

    private int posted() {
        return count("select count(*) from posting_ledger where document_id like 'SHP-BRK-%'");
    }

    private int excepted() {
        return count("select count(distinct source_document) from hub_exception where source_document like 'SHP-BRK-%'");
    }
}
