package io.dock2ledger.faultinjection;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario (h), the heap runs out (docs/reliability.md, "Out of memory: the hub exits"). A file of shipments of 14,000
 * lines each (just under the largest event one posting message carries) goes to a hub started as production starts it,
 * through {@code docker/dock2ledger}, on {@code -Xmx256m}: too small a heap for such events. The JVM must exit at its
 * first OutOfMemoryError (exit code 3, the start script's {@code -XX:+ExitOnOutOfMemoryError}) instead of running on
 * half-broken, which once left the hub's H2 file unreadable; or, where its collector keeps freeing just enough never
 * to throw one, after a minute of collecting without end ({@code GcOverheadExit}, the same code: in a fresh-clone run
 * the hub once thrashed 8 minutes without either). Then the H2 file must open, and a hub restarted with a heap that
 * fits (1 GB, as docs/deployment.md advises for such shipments) must post every shipment exactly once.
 * <p>
 * {@code -Dfault.oom.shipments} (40), {@code -Dfault.oom.lines} per shipment (14000), {@code -Dfault.oom.jvm-args} of
 * the small hub ({@code -Xmx256m}; add {@code -Xlog:gc:file=...} to see its collections). Fewer shipments may all post
 * before the heap runs out (16 did, in one run: then the first hub never exits and the scenario fails, as it must when
 * it proves nothing); 40 ran out after 3 posted.
 */
@Tag("fault-injection")
class OutOfMemoryFaultIT {

    /** What HotSpot exits with on -XX:+ExitOnOutOfMemoryError. */
    private static final int OUT_OF_MEMORY_EXIT = 3;

    @Test
    void aHubOutOfHeapExitsAndARestartedOnePostsEveryShipmentOnce() throws Exception {
        int shipments = FaultWorkspace.intProperty("fault.oom.shipments", 40);
        int lines = FaultWorkspace.intProperty("fault.oom.lines", 14_000);
        FaultWorkspace workspace = new FaultWorkspace("out-of-memory");
        Path data = workspace.root.resolve("data");
        HubProcess hub = null;
        try {
            List<String> ids = workspace.dropLargeShipments(data, "OOM", shipments, lines);
            // Through the start script, whose -XX:+ExitOnOutOfMemoryError is on trial here; without its class-data
            // archive, which would be trained for these options alone.
            List<String> smallHeap = HubImage.startScriptWithoutArchive(
                    List.of(System.getProperty("fault.oom.jvm-args", "-Xmx256m").trim().split("\\s+")));

            int port = FaultWorkspace.freePort();
            hub = HubProcess.start(smallHeap, FaultWorkspace.standardHubArgs(data, workspace.config, port), port,
                    workspace.hubLog("256m"));
            hub.awaitStarted(Duration.ofMinutes(3));
            assertThat(outOfHeapExit(hub, Duration.ofMinutes(8)))
                    .as("the hub on -Xmx256m exits at its OutOfMemoryError; log %s:%n%s", hub.log(), hub.tail(20))
                    .isEqualTo(OUT_OF_MEMORY_EXIT);
            // HotSpot threw OutOfMemoryError, or the JVM collected garbage a minute without end (GcOverheadExit).
            String why = hub.hasLogged("Terminating due to java.lang.OutOfMemoryError") ? "an OutOfMemoryError"
                    : hub.hasLogged("Terminating due to garbage collection overhead") ? "garbage collection overhead"
                    : null;
            assertThat(why).as("why the hub exited; log %s:%n%s", hub.log(), hub.tail(20)).isNotNull();
            hub.close();

            long postedBefore;
            try (Connection db = FaultReport.openH2(data); Statement sql = db.createStatement();
                 ResultSet posted = sql.executeQuery("select count(*) from posting_ledger")) {
                posted.next();
                postedBefore = posted.getLong(1);
            }
            System.out.printf("%nout-of-memory: %d shipments of %d lines; the 256m hub exited %d on %s with %d posted; "
                    + "the H2 file opens%n", shipments, lines, OUT_OF_MEMORY_EXIT, why, postedBefore);
            assertThat(postedBefore).as("the out-of-heap hub did not post everything first").isLessThan(shipments);

            port = FaultWorkspace.freePort();
            hub = HubProcess.start(HubImage.plainJar(List.of("-Xmx1g", "-XX:+ExitOnOutOfMemoryError")),
                    FaultWorkspace.standardHubArgs(data, workspace.config, port), port, workspace.hubLog("1g"));
            hub.awaitStarted(Duration.ofMinutes(3));
            HubHttp http = new HubHttp(port);
            Quiescence.Result quiet = Quiescence.await(hub, http, http::embeddedQueueDepth,
                    () -> workspace.inboxFiles(data), Duration.ofSeconds(10),
                    Duration.ofSeconds(FaultWorkspace.intProperty("fault.quiet-timeout-s", 480)));
            assertThat(hub.isAlive()).as("the 1 GB hub ran to the end; log %s", hub.log()).isTrue();
            hub.stop();

            Reconciliation r;
            try (Connection db = FaultReport.openH2(data)) {
                r = Reconciliation.of("out-of-memory", db, ids);
            }
            r.parameters.put("shipments", shipments);
            r.parameters.put("lines a shipment", lines);
            r.parameters.put("posted before the exit", postedBefore);
            r.parameters.put("the exit", why);
            r.parameters.put("quiescent after (s)", quiet.waited().toSeconds());
            FaultReport.publishAndAssert(r, workspace, quiet);
        } finally {
            if (hub != null) {
                hub.close();
            }
            workspace.cleanUp();
        }
    }

    /** Waits for the hub to exit on its own and returns its exit code; -1 if it is still running at the deadline. */
    private static int outOfHeapExit(HubProcess hub, Duration deadline) {
        try {
            await("the hub exits").atMost(deadline).pollInterval(Duration.ofMillis(500)).until(() -> !hub.isAlive());
        } catch (ConditionTimeoutException stillRunning) {
            return -1;
        }
        return hub.stop();
    }
}
