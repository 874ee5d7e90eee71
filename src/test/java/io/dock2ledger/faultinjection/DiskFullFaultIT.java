package io.dock2ledger.faultinjection;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario (d), disk full: the hub's data directory (H2 database, Artemis journal, partner folders) is a small
 * tmpfs ({@code mount -t tmpfs -o size=64m}, needs root). Once posting is under way the test fills the file system
 * with a ballast file until the kernel answers ENOSPC, keeps it full for {@code -Dfault.disk.full-ms} (8000), then
 * frees the space. It records whether the hub recovers by itself; if it does not, it restarts the hub (SIGTERM,
 * then start: what an operator would do) and recovery must then be complete. Either way every shipment must end up
 * posted once or owned by an exception, and the hub must have recovered by itself.
 * <p>
 * H2 meets the full disk in every run; the embedded broker only when it must write a new journal or page file while
 * the disk is full, which depends on timing (the timeline says whether it did). The broker's side alone, on a disk
 * that is made full under it every time: BrokerDiskFullFaultIT.
 * <p>
 * If the machine forbids the mount the scenario fails and says so (no simulated disk-full).
 * {@code -Dfault.disk.size-mb} (64), {@code -Dfault.disk.shipments} (300).
 */
@Tag("fault-injection")
class DiskFullFaultIT {

    @Test
    void nothingIsLostWhenTheDataDirectoryRunsOutOfSpace() throws Exception {
        int sizeMb = FaultWorkspace.intProperty("fault.disk.size-mb", 64);
        int shipments = FaultWorkspace.intProperty("fault.disk.shipments", 300);
        int fullMs = FaultWorkspace.intProperty("fault.disk.full-ms", 8000);
        FaultWorkspace workspace = new FaultWorkspace("disk-full");
        SmallDisk disk = SmallDisk.mount(workspace.root.resolve("small-disk"), sizeMb);
        Path mount = disk.mount;
        Path data = mount.resolve("data");
        List<String> timeline = new ArrayList<>();
        HubProcess hub = null;
        try {
            int port = FaultWorkspace.freePort();
            hub = HubProcess.start(FaultWorkspace.standardHubArgs(data, workspace.config, port), port, workspace.hubLog("1"));
            hub.awaitStarted(Duration.ofMinutes(3));
            HubHttp http = new HubHttp(port);
            List<String> ids = workspace.dropShipments(data, "F001", shipments);

            boolean underWay = Load.awaitPosted(hub, http, shipments / 5, Duration.ofMinutes(3));
            timeline.add("posting under way: " + underWay + ", posted " + Load.posted(http) + ", free "
                    + disk.usableBytes() / 1024 + " KiB");
            long filled = disk.fill();
            timeline.add("disk filled with " + filled / 1024 + " KiB of ballast until ENOSPC; free "
                    + disk.usableBytes() / 1024 + " KiB");
            HubProcess.hold(Duration.ofMillis(fullMs), "disk full", () -> disk.usableBytes() < 1024 * 1024);
            timeline.add("disk full for " + fullMs + " ms; hub alive " + hub.isAlive() + ", posted " + Load.posted(http));
            disk.free();
            timeline.add("ballast deleted; free " + disk.usableBytes() / 1024 + " KiB");

            Quiescence.Result quiet = Quiescence.await(hub, http, http::embeddedQueueDepth, () -> workspace.inboxFiles(data),
                    Duration.ofSeconds(5), Duration.ofSeconds(FaultWorkspace.intProperty("fault.disk.recover-timeout-s", 30)));
            boolean recoveredAlone = quiet.quiet();
            timeline.add("recovered without a restart: " + recoveredAlone + " (" + quiet.lastObservation() + ")");
            // Which parts met the full disk: H2 (closes itself) always; the embedded broker only when it had to write a
            // new journal or page file then (AMQ222010), after which a new broker started (RecoveringEmbeddedBroker).
            String log = Files.readString(hub.log());
            timeline.add("broker critical IO errors: " + occurrences(log, "AMQ222010") + ", broker started again: "
                    + occurrences(log, "The embedded broker runs again"));
            String whyNot = "";
            if (!recoveredAlone) {
                whyNot = diagnosis(hub, quiet);
                timeline.add("why not: " + whyNot);
                // An operator's restart (SIGTERM, SIGKILL after 60 s), not kill -9: what is lost here is the disk's doing.
                timeline.add("hub restarted by the operator: SIGTERM, exit " + hub.stop());
                hub.close();
                port = FaultWorkspace.freePort();
                hub = HubProcess.start(FaultWorkspace.standardHubArgs(data, workspace.config, port), port, workspace.hubLog("2"));
                hub.awaitStarted(Duration.ofMinutes(3));
                HubHttp restarted = new HubHttp(port);
                quiet = Quiescence.await(hub, restarted, restarted::embeddedQueueDepth, () -> workspace.inboxFiles(data),
                        Duration.ofSeconds(5), Duration.ofSeconds(FaultWorkspace.intProperty("fault.quiet-timeout-s", 180)));
                timeline.add("after restart: quiescent=" + quiet.quiet() + " after " + quiet.waited().toSeconds() + " s: "
                        + quiet.lastObservation());
            }
            timeline.forEach(t -> System.out.println("  disk-full: " + t));
            hub.stop();

            Reconciliation r;
            try (Connection db = FaultReport.openH2(data)) {
                r = Reconciliation.of("disk-full", db, ids);
            }
            r.parameters.put("tmpfs size (MiB)", sizeMb);
            r.parameters.put("shipments", shipments);
            r.parameters.put("disk full (ms)", fullMs);
            r.parameters.put("recovered without restart", recoveredAlone);
            r.timeline.addAll(timeline);
            if (!recoveredAlone) {
                r.findings.add("the hub did not recover by itself once space was free; a restart was needed");
            }
            assertThat(underWay).as("posting was under way when the disk filled").isTrue();
            FaultReport.publishAndAssert(r, workspace, quiet);
            // Since ClosedDatabaseRecovery the hub opens its H2 database again once there is room, and since
            // RecoveringEmbeddedBroker it starts a new embedded broker: no restart needed.
            assertThat(recoveredAlone).as("the hub recovered by itself once space was free (%s)", whyNot).isTrue();
        } finally {
            if (hub != null) {
                hub.close();
            }
            disk.close();
            workspace.cleanUp();
        }
    }

    /**
     * What the hub's own log and threads say about a recovery that did not happen, short enough for an assertion
     * message (the one part of a failed run CI always shows): how often its log met each database error, and where
     * the threads in H2 or hub code stand (state, first frame outside the JDK, first H2 or hub frame; at most 12).
     */
    private static String diagnosis(HubProcess hub, Quiescence.Result quiet) throws IOException {
        StringBuilder why = new StringBuilder(quiet.lastObservation());
        String log = Files.readString(hub.log());
        // H2's errors, the pool's, and the embedded broker's: a journal that met the full disk stops the broker
        // (AMQ222010), and AMQ222211 is the broker unblocking its producers once it sees the space again.
        for (String error : List.of("The database has been closed", "The file is locked", "Connection is not available",
                "No space left on device", "The database has closed itself", "The pool cannot open the database",
                "Statement was canceled",
                "Critical IO Error", "AMQ222211")) {
            why.append("; log '").append(error).append("' x").append(occurrences(log, error));
        }
        Path dump = hub.log().resolveSibling(hub.log().getFileName() + ".threads.txt");
        if (Files.exists(dump)) {
            int shown = 0;
            for (String thread : Files.readString(dump).split("\n\n")) {
                if (shown == 12 || !(thread.contains("at org.h2.") || thread.contains("at io.dock2ledger."))) {
                    continue;
                }
                List<String> lines = thread.lines().toList();
                String header = lines.get(0);
                String name = header.startsWith("\"") ? header.substring(1, header.indexOf('"', 1)) : header;
                String state = lines.stream().filter(l -> l.contains("java.lang.Thread.State:")).findFirst()
                        .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
                // The first frame outside the JDK: what the thread is waiting in.
                String top = lines.stream().map(String::trim).filter(l -> l.startsWith("at ") && !l.startsWith("at java.")
                        && !l.startsWith("at jdk.") && !l.startsWith("at sun.")).findFirst().orElse("");
                String ours = lines.stream().filter(l -> l.contains("at org.h2.") || l.contains("at io.dock2ledger."))
                        .findFirst().orElse("").trim();
                why.append("; [").append(name).append(' ').append(state).append(' ').append(top)
                        .append(top.equals(ours) ? "" : " < " + ours).append(']');
                shown++;
            }
        }
        return why.toString();
    }

    private static int occurrences(String log, String text) {
        return log.split(java.util.regex.Pattern.quote(text), -1).length - 1;
    }
}
