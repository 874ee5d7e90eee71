package io.dock2ledger.faultinjection;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario (i), a rolling deploy: the hub stopped with SIGTERM, as systemd, Kubernetes or {@code docker stop} stop it,
 * while files are read and events posted, then started again, {@code -Dfault.deploys} (3) times. A stop asked for is
 * not a crash: beyond the kill -9 scenario's "nothing lost, nothing doubled", every stop must end within the shutdown
 * window by itself, and owe nobody anything: no exception raised, no file quarantined, no error logged while it shuts
 * down. The last life runs until nothing is left to post; then every shipment is reconciled, and every X12 file must
 * have been acknowledged once: a file stopped mid-read is acknowledged by the read that completes it, not before.
 * <p>
 * {@code -Dfault.deploy.files} (4) files of {@code -Dfault.deploy.shipments} (300) shipments each, CSV and X12 945 in
 * turn (the two ways intake reads a file in chunks), dropped before the first start; each life is stopped once it has
 * posted {@code -Dfault.deploy.posted} (100) events.
 */
@Tag("fault-injection")
@Execution(ExecutionMode.CONCURRENT)
class GracefulStopFaultIT {

    /** SIGTERM's exit code (128 + 15) once Spring's shutdown hook has closed the context. */
    private static final int SIGTERM_EXIT = 143;

    @Test
    void aHubStoppedMidLoadOwesNothingAndPostsEveryShipmentOnce() throws Exception {
        int deploys = FaultWorkspace.intProperty("fault.deploys", 3);
        int files = FaultWorkspace.intProperty("fault.deploy.files", 4);
        int perFile = FaultWorkspace.intProperty("fault.deploy.shipments", 300);
        int postedPerLife = FaultWorkspace.intProperty("fault.deploy.posted", 100);

        FaultWorkspace workspace = new FaultWorkspace("graceful-stop");
        Path data = workspace.root.resolve("data");
        List<String> shipments = new ArrayList<>();
        List<String> stops = new ArrayList<>();
        List<Integer> exits = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        List<Integer> x12Files = new ArrayList<>();
        HubProcess hub = null;
        try {
            for (int f = 1; f <= files; f++) {
                String batch = String.format("G%03d", f);
                if (f % 2 == 1) {
                    shipments.addAll(workspace.dropShipments(data, batch, perFile));
                } else {
                    shipments.addAll(workspace.dropX12Shipments(data, batch, f, perFile));
                    x12Files.add(f);
                }
            }
            for (int life = 1; life <= deploys; life++) {
                int port = FaultWorkspace.freePort();
                Path log = workspace.hubLog(String.format("%03d", life));
                logs.add(log);
                hub = HubProcess.start(FaultWorkspace.standardHubArgs(data, workspace.config, port), port, log);
                hub.awaitStarted(Duration.ofMinutes(3));
                HubHttp http = new HubHttp(port);
                boolean underWay = Load.awaitPosted(hub, http, postedPerLife, Duration.ofMinutes(3));
                long posted = Load.posted(http);
                long inbox = workspace.inboxFiles(data);
                long asked = System.nanoTime();
                int exit = hub.stop();
                exits.add(exit);
                hub.close();
                String line = String.format("life %d: SIGTERM after %d posted (under way: %s), inbox %d file(s); "
                                + "exit %d after %d ms", life, posted, underWay, inbox, exit,
                        (System.nanoTime() - asked) / 1_000_000);
                stops.add(line);
                System.out.println("  graceful-stop: " + line);
            }

            int port = FaultWorkspace.freePort();
            Path last = workspace.hubLog("final");
            logs.add(last);
            hub = HubProcess.start(FaultWorkspace.standardHubArgs(data, workspace.config, port), port, last);
            hub.awaitStarted(Duration.ofMinutes(3));
            HubHttp http = new HubHttp(port);
            Quiescence.Result quiet = Quiescence.await(hub, http, http::embeddedQueueDepth, () -> workspace.inboxFiles(data),
                    Duration.ofSeconds(5), Duration.ofSeconds(FaultWorkspace.intProperty("fault.quiet-timeout-s", 240)));
            System.out.printf("  graceful-stop: final life quiescent=%s after %d s (%s)%n", quiet.quiet(),
                    quiet.waited().toSeconds(), quiet.lastObservation());
            hub.stop();

            Reconciliation r;
            try (Connection db = FaultReport.openH2(data)) {
                r = Reconciliation.of("graceful-stop", db, shipments);
            }
            r.parameters.put("deploys", deploys);
            r.parameters.put("files", files);
            r.parameters.put("shipments per file", perFile);
            r.parameters.put("posted before each stop", postedPerLife);
            r.timeline.addAll(stops);
            FaultReport.publishAndAssert(r, workspace, quiet);

            assertThat(exits).as("every SIGTERM ends the hub by itself, within the window: %s", stops)
                    .containsOnly(SIGTERM_EXIT);
            assertThat(r.counts.getOrDefault(Reconciliation.Outcome.EXCEPTION, 0))
                    .as("a stop asked for raises no exception for anyone to own").isZero();
            assertThat(files(workspace.inbox(data).resolveSibling("error")))
                    .as("a stop asked for quarantines no file").isEmpty();
            for (Path log : logs) {
                assertThat(shutdownErrors(log)).as("errors logged while %s shut down", log.getFileName()).isEmpty();
            }
            assertThat(logs).as("a stop came while a file was being read, which then ended at a chunk")
                    .anyMatch(log -> logged(log, "the hub stopped while reading it"));
            List<String> acks = files(workspace.inbox(data).resolveSibling("outbox")).stream()
                    .filter(Files::isRegularFile).map(GracefulStopFaultIT::read).toList();
            for (int f : x12Files) {
                // The 997's AK1 names the functional group it answers: GS06 is the file number (x12Shipments).
                String group = "AK1*SW*" + f + "~";
                assertThat(acks.stream().filter(a -> a.contains(group)).count())
                        .as("X12 file %d (group %d) acknowledged once, by the read that completed it", f, f)
                        .isEqualTo(1);
            }
        } finally {
            if (hub != null) {
                hub.close();
            }
            workspace.cleanUp();
        }
    }

    /** What a partner folder holds (none if it does not exist). */
    private static List<Path> files(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean logged(Path log, String text) {
        return read(log).contains(text);
    }

    /**
     * ERROR lines, H2's "already closed", Camel's forced end of a shutdown that timed out (its routes' work cut off) and
     * a JMS listener rejecting what it received (its batch rolled back to the queue, one delivery nearer the dead-letter
     * queue), from the moment the hub was asked to stop (Spring's first line of it).
     */
    private static List<String> shutdownErrors(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        int from = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.contains("Commencing graceful shutdown")
                    || (line.contains("Apache Camel") && line.contains("shutting down"))) {
                from = i;
                break;
            }
        }
        return lines.subList(from, lines.size()).stream()
                .filter(l -> l.contains(" ERROR ") || l.contains("already closed")
                        || l.contains("Timeout occurred during graceful shutdown")
                        || l.contains("Rejecting received message"))
                .toList();
    }
}
