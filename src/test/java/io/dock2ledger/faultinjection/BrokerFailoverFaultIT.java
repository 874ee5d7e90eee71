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
 * Scenario (f), broker failover with one hub (issue 13's "Session is closed" defect, docs/deployment.md): the hub
 * connects to an Artemis primary and its shared-store backup ({@link ArtemisPair}) with the HA URL. Files are read
 * and posted; while the hub still reads (several files queued) the primary is killed with SIGKILL and the backup takes
 * over; then more files are dropped. Every file must be read and every shipment posted once, without a hub restart:
 * the narrow form of TwoHubsFaultIT's phase 2, where file intake failed with AMQ219019 on every file after the failover.
 * <p>
 * {@code -Dfault.failover.files} (4) files of {@code -Dfault.failover.shipments-per-file} (150) before the kill, as
 * many after it.
 */
@Tag("fault-injection")
class BrokerFailoverFaultIT {

    @Test
    void fileIntakeKeepsDrainingTheInboxAfterABrokerFailover() throws Exception {
        int files = FaultWorkspace.intProperty("fault.failover.files", 4);
        int perFile = FaultWorkspace.intProperty("fault.failover.shipments-per-file", 150);
        FaultWorkspace workspace = new FaultWorkspace("broker-failover");
        Path data = workspace.root.resolve("data");
        List<String> timeline = new ArrayList<>();
        ArtemisPair brokers = null;
        HubProcess hub = null;
        try {
            brokers = new ArtemisPair(workspace.root.resolve("artemis"), workspace.reports);
            int port = FaultWorkspace.freePort();
            List<String> args = FaultWorkspace.standardHubArgs(data, workspace.config, port);
            args.addAll(List.of("--spring.artemis.mode=native", "--spring.artemis.broker-url=" + brokers.haUrl(),
                    "--spring.artemis.embedded.enabled=false"));
            hub = HubProcess.start(args, port, workspace.hubLog("1"));
            hub.awaitStarted(Duration.ofMinutes(4));
            HubHttp http = new HubHttp(port);

            List<String> ids = new ArrayList<>();
            for (int f = 1; f <= files; f++) {
                ids.addAll(workspace.dropShipments(data, "F" + f, perFile));
            }
            // Killed while posting is under way and files still wait: the intake's and the consumers' JMS transactions
            // are in flight when the broker dies.
            boolean underWay = Load.awaitPosted(hub, http, perFile / 3, Duration.ofMinutes(3));
            long inboxAtKill = workspace.inboxFiles(data);
            timeline.add("posting under way: " + underWay + ", posted " + Load.posted(http) + ", inbox " + inboxAtKill);
            Duration failover = brokers.killPrimary();
            timeline.add("artemis primary killed with SIGKILL; backup live after " + failover.toMillis() + " ms");
            for (int f = 1; f <= files; f++) {
                ids.addAll(workspace.dropShipments(data, "G" + f, perFile));
            }
            timeline.add("dropped " + files + " more files after the failover");

            ArtemisPair queue = brokers;
            Quiescence.Result quiet = Quiescence.await(hub, http, () -> queue.depth("dock2ledger.events"),
                    () -> workspace.inboxFiles(data), Duration.ofSeconds(5),
                    Duration.ofSeconds(FaultWorkspace.intProperty("fault.quiet-timeout-s", 240)));
            timeline.add("quiescent=" + quiet.quiet() + " after " + quiet.waited().toSeconds() + " s: " + quiet.lastObservation());
            timeline.add("closed-session failures logged: " + hub.hasLogged("AMQ219019"));
            timeline.forEach(t -> System.out.println("  broker-failover: " + t));
            hub.stop();

            Reconciliation r;
            try (Connection db = FaultReport.openH2(data)) {
                r = Reconciliation.of("broker-failover", db, ids);
            }
            r.parameters.put("shipments", ids.size());
            r.parameters.put("hub settings", HubSettings.extra());
            r.timeline.addAll(timeline);
            assertThat(underWay).as("posting was under way when the primary was killed").isTrue();
            FaultReport.publishAndAssert(r, workspace, quiet);
        } finally {
            if (hub != null) {
                hub.close();
            }
            if (brokers != null) {
                brokers.close();
            }
            workspace.cleanUp();
        }
    }
}
