package io.dock2ledger.faultinjection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged hub as the fault-injection suite and the benchmark run it: the jar built in the package phase, started
 * as its own JVM through {@code docker/dock2ledger}, the start script production uses (docs/deployment.md, "Starting the
 * hub"). The script extracts the jar once and records a class-data-sharing archive from one training start, which
 * roughly halves every later start (docs/performance.md, "Issue 10, fourth pass: start-up"); the training is done here,
 * before the first hub is spawned, as a deployment does it, so that no measured start pays for it.
 * <p>
 * Startup time decides how many kill cycles fit in the CI budget. The suite's hub JVM options default to
 * {@code -Xmx512m -XX:TieredStopAtLevel=1} (C1 only: faster startup, enough for minutes of load) and can be replaced
 * with {@code -Dfault.hub.jvm-args="..."}; {@code -Dfault.cds=false} runs the plain {@code java -jar} instead.
 */
public final class HubImage {

    private static HubImage prepared;

    private final List<String> launch;

    private HubImage(List<String> launch) {
        this.launch = launch;
    }

    /** The command up to (not including) the hub's own arguments. */
    List<String> command() {
        return launch;
    }

    static synchronized HubImage get() {
        if (prepared == null) {
            prepared = new HubImage(Boolean.parseBoolean(System.getProperty("fault.cds", "true"))
                    ? startScript(jvmArgs(), FaultWorkspace.reportRoot().resolve("hub-image"))
                    : plainJar(jvmArgs()));
        }
        return prepared;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static List<String> jvmArgs() {
        return FaultWorkspace.wordsProperty("fault.hub.jvm-args", "-Xmx512m -XX:TieredStopAtLevel=1");
    }

    /** {@code java [jvmArgs] -jar target/dock2ledger-*.jar}: the plain jar, no class-data archive. */
    public static List<String> plainJar(List<String> jvmArgs) {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", packagedJar().toString()));
        return command;
    }

    /**
     * The hub as shipped and as the README says to run it in production: {@code docker/dock2ledger} with these JVM options
     * ({@code JAVA_OPTS}) and its archive where a user's would be ({@code target/cds}), trained now if it is missing or
     * stale. What the benchmark's {@code startSeconds} measures.
     */
    public static List<String> asShipped(List<String> jvmArgs) {
        return startScript(jvmArgs, packagedJar().getParent().resolve("cds"));
    }

    /**
     * {@code env JAVA=... JAVA_OPTS=... DOCK2LEDGER_JAR=... DOCK2LEDGER_CDS_DIR=... docker/dock2ledger}, after
     * {@code docker/dock2ledger train}. {@code env} and the script both exec, so the spawned process is the hub's JVM
     * itself: its pid is the one a SIGKILL must reach.
     */
    static synchronized List<String> startScript(List<String> jvmArgs, Path cdsDir) {
        Path project = FaultWorkspace.projectDir();
        List<String> command = script(jvmArgs,
                "DOCK2LEDGER_CDS_DIR=" + cdsDir.toAbsolutePath(),
                // The training start reads these (the hubs themselves get theirs as arguments).
                "DOCK2LEDGER_CONFIG_DIR=" + project.resolve("config"),
                "DOCK2LEDGER_ROUTES_DIR=" + project.resolve("routes"),
                "DOCK2LEDGER_MAPPINGS_DIR=" + project.resolve("mappings"));
        try {
            Files.createDirectories(cdsDir);
            List<String> train = new ArrayList<>(command);
            train.add("train");
            run(train, cdsDir.resolve("train.log"), 600);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return command;
    }

    /**
     * {@code docker/dock2ledger} with these JVM options and {@code DOCK2LEDGER_CDS=false}: the script's own JVM options
     * and the plain jar, without training an archive for options no other hub of the suite uses.
     */
    static List<String> startScriptWithoutArchive(List<String> jvmArgs) {
        return script(jvmArgs, "DOCK2LEDGER_CDS=false");
    }

    /** {@code env JAVA=... JAVA_OPTS=... DOCK2LEDGER_JAR=... [environment] docker/dock2ledger}. */
    private static List<String> script(List<String> jvmArgs, String... environment) {
        List<String> command = new ArrayList<>(List.of("env",
                "JAVA=" + java(),
                "JAVA_OPTS=" + String.join(" ", jvmArgs),
                "DOCK2LEDGER_JAR=" + packagedJar()));
        command.addAll(List.of(environment));
        command.add(FaultWorkspace.projectDir().resolve("docker").resolve("dock2ledger").toString());
        return command;
    }

    private static Path packagedJar() {
        String configured = System.getProperty("fault.hub.jar");
        if (configured != null && Files.isRegularFile(Path.of(configured))) {
            return Path.of(configured).toAbsolutePath();
        }
        try (Stream<Path> files = Files.list(FaultWorkspace.projectDir().resolve("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("dock2ledger-.*\\.jar"))
                    .findFirst().map(Path::toAbsolutePath)
                    .orElseThrow(() -> new IllegalStateException("No target/dock2ledger-*.jar: run the package phase first "
                            + "(mvn -Pfault-injection verify does)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(List<String> command, Path log, int timeoutSeconds) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("Timed out after " + timeoutSeconds + " s: " + command + "; see " + log);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("Exit " + p.exitValue() + ": " + command + "; see " + log);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
