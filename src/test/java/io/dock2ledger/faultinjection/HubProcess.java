package io.dock2ledger.faultinjection;

import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.awaitility.Awaitility.await;

/**
 * One life of the hub: a child JVM running the packaged jar with its output in a log file. It ends with a real
 * SIGKILL ({@link #killNine()}, exit code 137) or a SIGTERM ({@link #stop()}). Every child is also killed when the
 * test JVM exits, so no hub outlives the suite.
 */
public final class HubProcess implements AutoCloseable {

    static final int SIGKILL_EXIT = 128 + 9;

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly)));
    }

    private final Process process;
    private final Path log;
    private final int httpPort;
    private final long spawnedAtNanos = System.nanoTime();
    private long logOffset;
    private final StringBuilder logWindow = new StringBuilder();
    private boolean started;

    private HubProcess(Process process, Path log, int httpPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    public static HubProcess start(List<String> hubArgs, int httpPort, Path log) {
        return start(HubImage.get().command(), hubArgs, httpPort, log);
    }

    /** Starts the hub with a launch command of the caller's (e.g. {@link HubImage#plainJar}) and these arguments. */
    public static HubProcess start(List<String> launch, List<String> hubArgs, int httpPort, Path log) {
        List<String> command = new ArrayList<>(launch);
        command.addAll(hubArgs);
        try {
            Files.createDirectories(log.getParent());
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            LIVE.add(p);
            return new HubProcess(p, log, httpPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int httpPort() {
        return httpPort;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Duration sinceSpawn() {
        return Duration.ofNanos(System.nanoTime() - spawnedAtNanos);
    }

    /** Waits for Spring Boot's "Started" line: the Camel routes are running by then. */
    public Duration awaitStarted(Duration timeout) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Hub exited with " + process.exitValue() + " before it started; log "
                            + log + ":\n" + tail(40));
                }
                return started();
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("Hub not started within " + timeout + "; log " + log + ":\n" + tail(40));
        }
        started = true;
        return sinceSpawn();
    }

    /**
     * Holds a fault (or a run before the kill) for its whole window, checking all along that it holds: the hub stays
     * alive, the broker or database stays down, the disk stays full. Fails if it stops holding early.
     */
    static void hold(Duration window, String what, BooleanSupplier holds) {
        await(what).during(window).atMost(window.plusSeconds(30)).until(holds::getAsBoolean);
    }

    boolean started() {
        return started || hasLogged("Started Dock2LedgerApplication");
    }

    /** True when the log has shown this text since the process started (read incrementally). */
    synchronized boolean hasLogged(String text) {
        readNewLog();
        return logWindow.indexOf(text) >= 0;
    }

    /** SIGKILL, as kill -9 does: no shutdown hook, no flush. Returns the exit code, which must be 137. */
    int killNine() {
        process.destroyForcibly();
        int code = awaitExit(Duration.ofSeconds(30));
        if (code != SIGKILL_EXIT) {
            throw new IllegalStateException("Expected exit code 137 (SIGKILL) from hub " + pid() + ", got " + code);
        }
        return code;
    }

    /** SIGTERM: Spring closes the context (routes, broker, database). SIGKILL after 60 s. */
    public int stop() {
        if (!process.isAlive()) {
            return process.exitValue();
        }
        process.destroy();
        try {
            if (process.waitFor(60, TimeUnit.SECONDS)) {
                return finished();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        return awaitExit(Duration.ofSeconds(30));
    }

    /**
     * Writes the hub's thread dump ({@code jcmd <pid> Thread.print -l}, the JDK's own tool, with the locks each thread
     * holds) beside its log, as {@code <log>.threads.txt}: where each thread stands when a hub did not recover, which
     * its log alone does not say. Returns the file, or null if the dump could not be taken (the reason is in it).
     */
    public Path dumpThreads() {
        Path dump = log.resolveSibling(log.getFileName() + ".threads.txt");
        if (!process.isAlive()) {
            return null;
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "Thread.print", "-l")
                    .redirectErrorStream(true).redirectOutput(dump.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return dump;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(30));
        }
        LIVE.remove(process);
    }

    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Hub " + pid() + " did not exit within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return finished();
    }

    private int finished() {
        LIVE.remove(process);
        return process.exitValue();
    }

    private void readNewLog() {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            if (length <= logOffset) {
                return;
            }
            byte[] bytes = new byte[(int) Math.min(length - logOffset, 8 * 1024 * 1024)];
            file.seek(logOffset);
            file.readFully(bytes);
            logOffset += bytes.length;
            logWindow.append(new String(bytes, StandardCharsets.UTF_8));
            // Only a window is kept: the markers looked for are recent.
            if (logWindow.length() > 1_000_000) {
                logWindow.delete(0, logWindow.length() - 500_000);
            }
        } catch (IOException e) {
            // not written yet
        }
    }
}
