package io.dock2ledger.faultinjection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged hub as the fault-injection suite runs it: the jar built in the package phase, started as its own JVM.
 * <p>
 * Startup time decides how many kill cycles fit in the CI budget (2 shared cores: ~15 s for a cold {@code java -jar}).
 * By default the jar is extracted once ({@code -Djarmode=tools extract}) and a class-data-sharing archive is recorded
 * from one training start, which roughly halves startup; {@code -Dfault.cds=false} runs the plain jar instead. The
 * hub JVM options default to {@code -Xmx512m -XX:TieredStopAtLevel=1} (C1 only: faster startup, enough for minutes of
 * load) and can be replaced with {@code -Dfault.hub.jvm-args="..."}.
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
            prepared = prepare();
        }
        return prepared;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static List<String> jvmArgs() {
        String args = System.getProperty("fault.hub.jvm-args", "-Xmx512m -XX:TieredStopAtLevel=1");
        return args.isBlank() ? List.of() : Arrays.asList(args.trim().split("\\s+"));
    }

    /**
     * {@code java [jvmArgs] -jar target/dock2ledger-*.jar}: the jar as a user starts it, no class-data archive, no
     * C1-only compilation (the benchmark measures the hub as shipped, startup included).
     */
    public static List<String> plainJar(List<String> jvmArgs) {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", packagedJar().toString()));
        return command;
    }

    private static HubImage prepare() {
        Path jar = packagedJar();
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmArgs());
        if (!Boolean.parseBoolean(System.getProperty("fault.cds", "true"))) {
            command.addAll(List.of("-jar", jar.toString()));
            return new HubImage(command);
        }
        Path dir = FaultWorkspace.reportRoot().resolve("hub-image");
        Path app = dir.resolve("app");
        Path extracted = app.resolve(jar.getFileName());
        Path archive = dir.resolve("hub.jsa");
        try {
            boolean fresh = Files.exists(archive)
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0;
            if (!fresh) {
                FaultWorkspace.deleteTree(dir);
                Files.createDirectories(dir);
                run(List.of(java(), "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination", app.toString()),
                        dir.resolve("extract.log"), 120);
                // Training start: the context is refreshed (Flyway, routes loaded) and the JVM exits, dumping the archive.
                Path training = Files.createTempDirectory("dock2ledger-cds-");
                List<String> train = new ArrayList<>(List.of(java()));
                train.addAll(jvmArgs());
                train.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Dspring.context.exit=onRefresh",
                        "-jar", extracted.toString()));
                train.addAll(FaultWorkspace.standardHubArgs(training.resolve("data"), FaultWorkspace.projectDir().resolve("config"),
                        0));
                run(train, dir.resolve("training.log"), 300);
                FaultWorkspace.deleteTree(training);
                if (!Files.exists(archive)) {
                    throw new IllegalStateException("No CDS archive written; see " + dir.resolve("training.log"));
                }
                Files.setLastModifiedTime(archive, FileTime.fromMillis(System.currentTimeMillis()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        command.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-jar", extracted.toString()));
        return new HubImage(command);
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
