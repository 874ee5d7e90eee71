package io.dock2ledger.faultinjection;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario (a), kill -9 at random points of intake and posting (issue 8). Each cycle drops one more CSV of shipments
 * for one large order into acme-3pl's inbox, starts the hub in its own JVM, lets it run a seeded random time and
 * SIGKILLs it (exit code 137). The first kill lands inside the first start's migration of the new H2 file, some
 * later ones during startup (database and broker recovery), the others while files are read and events posted. A last life runs until nothing is left to post; then every shipment is
 * reconciled against the posting ledger, finance documents, interface tables and exceptions.
 * <p>
 * {@code -Dfault.cycles} (20), {@code -Dfault.shipments} per file (150), {@code -Dfault.max-run-ms} (6000),
 * {@code -Dfault.seed} replays a run (the seed is printed).
 * <p>
 * Runs beside the other scenarios ({@link ExecutionMode#CONCURRENT}), from the suite's start, as ErpOutageFaultIT and
 * OutOfMemoryFaultIT do: it shares nothing with them (its own workspace, hub and free port), its kill points are random
 * anyway, and what it proves, every shipment posted once across the kills, does not depend on how fast a hub starts or
 * posts; it only makes the lives longer (docs/testing.md).
 */
@Tag("fault-injection")
@Execution(ExecutionMode.CONCURRENT)
class KillNineFaultIT {

    @Test
    void everyShipmentIsPostedOnceAcrossRandomKills() throws Exception {
        int cycles = FaultWorkspace.intProperty("fault.cycles", 20);
        int perFile = FaultWorkspace.intProperty("fault.shipments", 150);
        int maxRunMs = FaultWorkspace.intProperty("fault.max-run-ms", 6000);
        long seed = Long.getLong("fault.seed", System.currentTimeMillis());
        Random random = new Random(seed);
        System.out.printf("%nkill-nine: seed %d (replay with -Dfault.seed=%d), %d cycles, %d shipments per file%n",
                seed, seed, cycles, perFile);

        FaultWorkspace workspace = new FaultWorkspace("kill-nine");
        Path data = workspace.root.resolve("data");
        List<String> shipments = new ArrayList<>();
        List<String> kills = new ArrayList<>();
        HubProcess hub = null;
        try {
            for (int cycle = 1; cycle <= cycles; cycle++) {
                shipments.addAll(workspace.dropShipments(data, String.format("K%03d", cycle), perFile));
                if (cycle == 1) {
                    // A careless partner's empty file among the shipments: it must be quarantined, and stall nothing.
                    Files.createFile(workspace.inbox(data).resolve("shipments_EMPTY.csv"));
                }
                int port = FaultWorkspace.freePort();
                hub = HubProcess.start(FaultWorkspace.standardHubArgs(data, workspace.config, port), port,
                        workspace.hubLog(String.format("%03d", cycle)));
                String where;
                if (cycle == 1) {
                    // Inside the first start's migration of the new H2 file, where CI's kill of 2026-12-06 landed
                    // (the next start then failed on "Table erp_delivery already exists"): every later start must work.
                    HubProcess firstHub = hub;
                    await("the first migration begins").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(10))
                            .until(() -> firstHub.hasLogged("Migrating a new file") || !firstHub.isAlive());
                    int delay = 1 + random.nextInt(300); // the whole migration of a new file: ~400 ms here
                    HubProcess.hold(Duration.ofMillis(delay), "hub alive until its kill", () -> firstHub.isAlive());
                    where = "first migration+" + delay + "ms"
                            + (hub.hasLogged("The migrated copy replaced") ? " (migration already completed)" : "");
                } else if (random.nextInt(6) == 0) {
                    // About one kill in six lands during startup: recovery after a kill must survive a kill too.
                    int delay = 1000 + random.nextInt(7000);
                    HubProcess hubOfThisCycle = hub;
                    HubProcess.hold(Duration.ofMillis(delay), "hub alive until its kill", () -> hubOfThisCycle.isAlive());
                    where = "startup+" + delay + "ms" + (hub.started() ? " (already started)" : "");
                } else {
                    Duration startup = hub.awaitStarted(Duration.ofMinutes(3));
                    int run = random.nextInt(maxRunMs);
                    HubProcess runningHub = hub;
                    HubProcess.hold(Duration.ofMillis(run), "hub alive until its kill", () -> runningHub.isAlive());
                    OptionalLong posted = new HubHttp(port).counter("dock2ledger_events_posted_total");
                    where = "started in " + startup.toMillis() + "ms, ran " + run + "ms, posted "
                            + (posted.isPresent() ? posted.getAsLong() : "?") + " in this life, inbox "
                            + workspace.inboxFiles(data) + " file(s)";
                }
                int exit = hub.killNine();
                hub.close();
                String line = String.format("cycle %2d: kill -9 pid %d (exit %d) at %s", cycle, hub.pid(), exit, where);
                kills.add(line);
                System.out.println("  " + line);
            }

            int port = FaultWorkspace.freePort();
            hub = HubProcess.start(FaultWorkspace.standardHubArgs(data, workspace.config, port), port, workspace.hubLog("final"));
            hub.awaitStarted(Duration.ofMinutes(3));
            HubHttp http = new HubHttp(port);
            Quiescence.Result quiet = Quiescence.await(hub, http, http::embeddedQueueDepth, () -> workspace.inboxFiles(data),
                    Duration.ofSeconds(5), Duration.ofSeconds(FaultWorkspace.intProperty("fault.quiet-timeout-s", 240)));
            System.out.printf("  final life: quiescent=%s after %d s (%s)%n", quiet.quiet(), quiet.waited().toSeconds(),
                    quiet.lastObservation());
            hub.stop();

            Reconciliation r;
            try (Connection db = FaultReport.openH2(data)) {
                r = Reconciliation.of("kill-nine", db, shipments);
            }
            r.parameters.put("seed", seed);
            r.parameters.put("cycles", cycles);
            r.parameters.put("shipments per file", perFile);
            r.parameters.put("max run after start (ms)", maxRunMs);
            r.timeline.addAll(kills);
            r.parameters.put("quiescent after (s)", quiet.waited().toSeconds());
            assertThat(kills).hasSize(cycles);
            FaultReport.publishAndAssert(r, workspace, quiet);
            try (Stream<Path> quarantined = Files.list(workspace.inbox(data).resolveSibling("error"))) {
                assertThat(quarantined.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("shipments_EMPTY.")))
                        .as("the empty file is quarantined with its reason").anyMatch(n -> n.endsWith(".reason"));
            }
        } finally {
            if (hub != null) {
                hub.close();
            }
            workspace.cleanUp();
        }
    }
}
