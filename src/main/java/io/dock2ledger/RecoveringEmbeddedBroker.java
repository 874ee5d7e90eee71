package io.dock2ledger;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded broker, started again after it stopped itself on a critical IO error.
 * <p>
 * When a write of the journal or of a page file fails (a full disk: {@code No space left on device}), Artemis logs
 * AMQ222010 "Critical IO Error, shutting down the server" and stops the broker for good. Its standalone server leaves a
 * restart to the operator; an embedded broker stays stopped while the hub around it runs on, its listeners retrying a
 * connection that never comes back, until someone restarts the hub (DiskFullFaultIT, CI of 2026-12-05). Nothing was
 * lost (what the broker had acknowledged was in the journal, what it had not was rolled back by its sender), but
 * nothing posted either.
 * <p>
 * So the hub's embedded broker watches for that error ({@link ActiveMQServer#registerIOCriticalErrorListener}), waits
 * for the broker to finish stopping, and for its journal's disk to be below the broker's own {@code max-disk-usage}
 * (90 % by default: the mark at which Artemis itself blocks producers), then starts a new broker on the same
 * configuration and journal. A new one, not the stopped one again: a broker that met a critical error remembers it, and
 * its storage answers "not started" from then on. The new broker loads the journal as after any restart, every message
 * the old one acknowledged is there; the hub's JMS listeners and producers reconnect to it by themselves (in-VM, the
 * same server id). A start that fails is tried again every {@code retryInterval}.
 * <p>
 * Counted in {@code dock2ledger.broker.restarts}; {@code dock2ledger.broker.active} is 0 while no broker runs.
 */
public class RecoveringEmbeddedBroker extends EmbeddedActiveMQ {

    private static final Logger log = LoggerFactory.getLogger(RecoveringEmbeddedBroker.class);

    private final Duration retryInterval;
    private final ScheduledExecutorService recovery = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "broker-recovery");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean recovering = new AtomicBoolean();
    private final AtomicLong restarts = new AtomicLong();
    private volatile boolean stopping;
    /** The broker now: read by other threads (the posting backlog, metrics) while the recovery replaces it. */
    private volatile ActiveMQServer current;
    private boolean waitingForSpace; // the recovery thread's own

    public RecoveringEmbeddedBroker(Configuration configuration, Duration retryInterval) {
        this.retryInterval = retryInterval;
        setConfiguration(configuration);
    }

    @Override
    public synchronized EmbeddedActiveMQ start() throws Exception {
        startNewBroker();
        return this;
    }

    @Override
    public ActiveMQServer getActiveMQServer() {
        return current;
    }

    @Override
    public synchronized EmbeddedActiveMQ stop() throws Exception {
        stopping = true;
        recovery.shutdownNow();
        return super.stop();
    }

    /** How often a broker was started again after a critical IO error, since the hub started. */
    public long restarts() {
        return restarts.get();
    }

    /** Whether a broker runs and takes messages now. */
    public boolean active() {
        ActiveMQServer server = current;
        return server != null && server.isActive();
    }

    private void watch(ActiveMQServer server) {
        server.registerIOCriticalErrorListener((cause, message, file) -> {
            log.error("The embedded broker met a critical IO error ({}) and stops itself; a new broker starts on its "
                    + "journal once the broker has stopped and its disk is below {} % use", cause, maxDiskUsage());
            scheduleRecovery(server, Duration.ofMillis(200));
        });
    }

    private void scheduleRecovery(ActiveMQServer failed, Duration delay) {
        if (stopping || !recovering.compareAndSet(false, true)) {
            return;
        }
        recovery.schedule(() -> recover(failed), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void recover(ActiveMQServer failed) {
        recovering.set(false);
        Duration again = retryInterval;
        try {
            if (stopping) {
                return;
            }
            if (failed.getState() != ActiveMQServer.SERVER_STATE.STOPPED) {
                again = Duration.ofMillis(200); // Artemis stops it on a thread of its own
                return;
            }
            int usage = diskUsagePercent();
            if (usage > maxDiskUsage()) {
                if (!waitingForSpace) { // once a stop, not every retry of a disk that stays full for hours
                    waitingForSpace = true;
                    log.warn("The embedded broker is stopped; its journal's disk is {} % used, above the broker's {} %:"
                            + " it starts again once the disk has room (checked every {})", usage, maxDiskUsage(),
                            retryInterval);
                }
                return;
            }
            waitingForSpace = false;
            ActiveMQServer started = startNewBroker();
            if (started == null) {
                return; // the hub is shutting down
            }
            if (!started.isActive()) {
                throw new IllegalStateException("it did not become active (state " + started.getState() + ")");
            }
            again = null;
            log.info("The embedded broker runs again, on its journal in {} ({} restart(s) after critical IO errors "
                    + "since the hub started)", getConfiguration().getJournalLocation(), restarts.incrementAndGet());
        } catch (Exception e) {
            log.error("A new embedded broker did not start: trying again in {}", retryInterval, e);
            failed = current;
            try {
                failed.stop();
            } catch (Exception ignored) {
                log.debug("Stopping the broker that did not start", ignored);
            }
        } finally {
            if (again != null) {
                scheduleRecovery(failed, again);
            }
        }
    }

    /** A new broker on the configuration and journal, watched for critical IO errors; null once the hub stops it. */
    private synchronized ActiveMQServer startNewBroker() throws Exception {
        if (stopping) {
            return null;
        }
        activeMQServer = null;
        createActiveMQServer();
        ActiveMQServer server = activeMQServer;
        current = server;
        watch(server);
        server.start();
        return server;
    }

    private int maxDiskUsage() {
        int configured = getConfiguration().getMaxDiskUsage();
        return configured < 0 ? 100 : configured;
    }

    private int diskUsagePercent() throws IOException {
        Path journal = getConfiguration().getJournalLocation().toPath();
        Path existing = Files.exists(journal) ? journal : journal.toAbsolutePath().getParent();
        FileStore store = Files.getFileStore(existing);
        long total = store.getTotalSpace();
        return total <= 0 ? 0 : (int) Math.ceil(100.0 * (total - store.getUsableSpace()) / total);
    }
}
