package io.dock2ledger.faultinjection;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario (b), broker restart: the hub runs with {@code spring.artemis.mode=native} against a real Artemis broker
 * that the test runs (persistent journal, TCP on a loopback port). Once posting is under way the broker is stopped,
 * kept down for {@code -Dfault.broker.down-ms} (5000) and started again on the same journal and port. The hub must
 * reconnect by itself and post everything, once: no hub restart is allowed in this scenario.
 * <p>
 * {@code -Dfault.broker.shipments} (300) sets the size of the file.
 */
@Tag("fault-injection")
class BrokerRestartFaultIT {

    @Test
    void hubReconnectsToARestartedBrokerAndPostsEveryShipmentOnce() throws Exception {
        int shipments = FaultWorkspace.intProperty("fault.broker.shipments", 300);
        int downMs = FaultWorkspace.intProperty("fault.broker.down-ms", 5000);
        FaultWorkspace workspace = new FaultWorkspace("broker-restart");
        Path data = workspace.root.resolve("data");
        List<String> timeline = new ArrayList<>();
        TestBroker broker = new TestBroker(workspace.root.resolve("broker"), FaultWorkspace.freePort()).start();
        HubProcess hub = null;
        try {
            int port = FaultWorkspace.freePort();
            List<String> args = FaultWorkspace.standardHubArgs(data, workspace.config, port);
            args.addAll(List.of("--spring.artemis.mode=native", "--spring.artemis.broker-url=" + broker.url(),
                    "--spring.artemis.embedded.enabled=false"));
            hub = HubProcess.start(args, port, workspace.hubLog("1"));
            hub.awaitStarted(Duration.ofMinutes(3));
            HubHttp http = new HubHttp(port);
            List<String> ids = workspace.dropShipments(data, "B001", shipments);

            boolean underWay = Load.awaitPosted(hub, http, shipments / 5, Duration.ofMinutes(3));
            timeline.add("posting under way: " + underWay + ", posted " + Load.posted(http) + ", queue "
                    + broker.depth("dock2ledger.events"));
            broker.stop();
            timeline.add("broker stopped; posted so far " + Load.posted(http));
            HubProcess.hold(Duration.ofMillis(downMs), "broker down", () -> broker.depth("dock2ledger.events").isEmpty());
            timeline.add("broker down " + downMs + " ms; posted " + Load.posted(http) + "; starting it again");
            broker.start();
            timeline.add("broker started again, queue " + broker.depth("dock2ledger.events"));

            HubProcess watched = hub;
            Quiescence.Result quiet = Quiescence.await(hub, http, () -> broker.depth("dock2ledger.events"),
                    () -> workspace.inboxFiles(data), Duration.ofSeconds(5),
                    Duration.ofSeconds(FaultWorkspace.intProperty("fault.quiet-timeout-s", 180)));
            timeline.add("quiescent=" + quiet.quiet() + " after " + quiet.waited().toSeconds() + " s: " + quiet.lastObservation());
            timeline.add("broker DLQ " + broker.depth("DLQ") + ", dock2ledger.events.dlq " + broker.depth("dock2ledger.events.dlq"));
            timeline.forEach(t -> System.out.println("  broker-restart: " + t));
            watched.stop();

            Reconciliation r;
            try (Connection db = FaultReport.openH2(data)) {
                r = Reconciliation.of("broker-restart", db, ids);
            }
            r.parameters.put("shipments", shipments);
            r.parameters.put("broker down (ms)", downMs);
            r.parameters.put("hub settings", HubSettings.extra());
            r.timeline.addAll(timeline);
            assertThat(underWay).as("posting was under way when the broker stopped").isTrue();
            FaultReport.publishAndAssert(r, workspace, quiet);
        } finally {
            if (hub != null) {
                hub.close();
            }
            broker.close();
            workspace.cleanUp();
        }
    }
}
