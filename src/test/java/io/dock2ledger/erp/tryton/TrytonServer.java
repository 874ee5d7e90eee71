package io.dock2ledger.erp.tryton;

import io.dock2ledger.support.TestScratch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real trytond for the tests tagged "tryton", started the way a developer starts it: docker/tryton/run-local.sh
 * init into a temporary data directory (a new database seeded from config/masterdata), then run-local.sh serve on a
 * free port with a random admin password. One per test JVM (initialising costs 15-60 s); {@link #stop()} and
 * {@link #start()} make an outage on the same database and port. Stopped when the JVM ends.
 */
final class TrytonServer {

    private static TrytonServer shared;

    private final Path dataDir;
    private final int port;
    private final String password;
    private Process trytond;
    private int serves;

    private TrytonServer(Path dataDir, int port, String password) {
        this.dataDir = dataDir;
        this.port = port;
        this.password = password;
    }

    /** The JVM's Tryton, initialised and serving. */
    static synchronized TrytonServer shared() {
        if (shared == null && System.getProperty("tryton.it.port") != null) {
            // A trytond already running (run-local.sh by hand), for quick iterations: -Dtryton.it.port=8000
            // -Dtryton.it.password=...; stop()/start() cannot be used on it.
            shared = new TrytonServer(null, Integer.getInteger("tryton.it.port"), System.getProperty("tryton.it.password"));
        }
        if (shared == null) {
            try {
                int port;
                try (ServerSocket socket = new ServerSocket(0)) {
                    port = socket.getLocalPort();
                }
                TrytonServer server = new TrytonServer(TestScratch.directory("tryton-it-"), port,
                        HexFormat.of().formatHex(new SecureRandom().generateSeed(16)));
                long started = System.nanoTime();
                Process init = server.runLocal("init", "init.out").start();
                assertThat(init.waitFor()).as("run-local.sh init, see %s", server.dataDir.resolve("init.out")).isZero();
                System.out.printf("Tryton: run-local.sh init %d ms%n", (System.nanoTime() - started) / 1_000_000);
                server.start();
                Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
                shared = server;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return shared;
    }

    /** run-local.sh serve (the process is trytond itself), then waits for a login to succeed. */
    synchronized void start() {
        try {
            long started = System.nanoTime();
            trytond = runLocal("serve", "serve-" + (++serves) + ".out").start();
            TrytonClient probe = new TrytonClient(url(), "dock2ledger");
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> {
                        probe.login("admin", password);
                        return true;
                    });
            System.out.printf("Tryton: serving on port %d after %d ms%n", port, (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops trytond (SIGTERM) and waits until it is gone. */
    synchronized void stop() {
        if (trytond != null && trytond.isAlive()) {
            trytond.destroy();
            try {
                trytond.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    String password() {
        return password;
    }

    /** A client logged in as admin. */
    TrytonClient client() {
        TrytonClient client = new TrytonClient(url(), "dock2ledger");
        client.login("admin", password);
        return client;
    }

    private ProcessBuilder runLocal(String mode, String output) {
        ProcessBuilder process = new ProcessBuilder("docker/tryton/run-local.sh", mode)
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve(output).toFile());
        process.environment().put("TRYTON_PORT", String.valueOf(port));
        process.environment().put("TRYTON_DATA_DIR", dataDir.toString());
        process.environment().put("TRYTON_ADMIN_PASSWORD", password);
        return process;
    }
}
