package io.dock2ledger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code docker/dock2ledger}, the production start script (docs/deployment.md, "Starting the hub"), run for real by bash
 * against a stand-in {@code java} that records how it was called and does what the real one would to the files (writes
 * the extracted jar, writes the archive at the training start's exit). What the real JVM does with them is measured in
 * docs/performance.md and exercised by every fault-injection scenario and the benchmark, which start the hub through
 * this script ({@code faultinjection.HubImage}).
 */
class StartScriptTest {

    private static final Path SCRIPT = Path.of("docker", "dock2ledger").toAbsolutePath();

    /** First of the hub's JVM options, before JAVA_OPTS (docs/reliability.md, "Out of memory: the hub exits"). */
    private static final String EXIT_ON_OOM = "-XX:+ExitOnOutOfMemoryError";

    @TempDir
    Path dir;

    private Path jar;
    private Path calls;
    private Path java;

    @BeforeEach
    void standInJava() throws IOException {
        jar = Files.writeString(dir.resolve("dock2ledger-1.0.jar"), "not really a jar");
        calls = dir.resolve("calls.log");
        java = dir.resolve("java");
        // One line per call: the arguments, then the profile and database the environment would give the hub.
        Files.writeString(java, """
                #!/usr/bin/env bash
                echo "$* | profile=${SPRING_PROFILES_ACTIVE:-} db=${DOCK2LEDGER_DB_URL:-}" >> "%s"
                for a in "$@"; do
                  case $a in
                    --destination) next=dest ;;
                    -XX:ArchiveClassesAtExit=*|-XX:AOTCacheOutput=*) archive=${a#*=} ;;
                    *) [[ ${next:-} == dest ]] && { mkdir -p "$a/lib"; touch "$a/dock2ledger-1.0.jar"; next=
                         [[ -f "%s" ]] && cp "%s" "$a/lib/activemq-artemis-native-2.0.0.jar"; } ;;
                  esac
                done
                # The training start's environment is emptied: a file tells the stand-in to fail it.
                [[ -n ${archive:-} && -f "%s" ]] && exit 3
                [[ -n ${archive:-} ]] && echo archive > "$archive"
                exit 0
                """.formatted(calls, dir.resolve("wrapper.jar"), dir.resolve("wrapper.jar"), dir.resolve("fail-training")));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void firstStartExtractsTrainsAndStartsOnTheArchive() throws Exception {
        run(Map.of(), "--server.port=9999");

        List<String> lines = calls();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("-Djarmode=tools -jar " + jar + " extract --destination " + cds().resolve("app"));
        assertThat(lines.get(1)).contains("-XX:ArchiveClassesAtExit=" + cds().resolve("dock2ledger.jsa"))
                .contains("-jar " + cds().resolve("app").resolve(jar.getFileName()))
                .contains("--dock2ledger.startup-training=true", "--server.port=0", "--dock2ledger.sftp.port=0")
                .doesNotContain("--server.port=9999");
        assertThat(lines.get(2)).isEqualTo(EXIT_ON_OOM + " -Xmx300m -XX:SharedArchiveFile=" + cds().resolve("dock2ledger.jsa")
                + " -jar " + cds().resolve("app").resolve(jar.getFileName()) + " --server.port=9999 | profile=prod db=jdbc:x");
    }

    @Test
    void theTrainingStartNeverSeesTheProductionEnvironmentNorTheHubsData() throws Exception {
        run(Map.of(), "--dock2ledger.data-dir=/srv/hub");

        String training = calls().get(1);
        assertThat(training).endsWith("| profile= db=").doesNotContain("/srv/hub");
        assertThat(training).containsPattern("--dock2ledger.data-dir=\\S*dock2ledger-training\\.\\w+ ");
    }

    @Test
    void laterStartsUseTheArchiveWithoutTrainingAgain() throws Exception {
        run(Map.of());
        Files.delete(calls);

        run(Map.of(), "--a=b");

        assertThat(calls()).containsExactly(EXIT_ON_OOM + " -Xmx300m -XX:SharedArchiveFile=" + cds().resolve("dock2ledger.jsa") + " -jar "
                + cds().resolve("app").resolve(jar.getFileName()) + " --a=b | profile=prod db=jdbc:x");
    }

    @Test
    void aNewJarTrainsAgain() throws Exception {
        run(Map.of());
        Files.delete(calls);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));

        run(Map.of());

        assertThat(calls()).hasSize(3);
        assertThat(calls().get(1)).contains("-XX:ArchiveClassesAtExit=");
    }

    /**
     * The archive holds what the JVM options decided at training (an added module, the heap, the collector): trained
     * with a flight recording on, Java 25 refused the whole AOT cache at every later start without one and the hub
     * started as if it had none, 18-21 s instead of 11-12 (docs/performance.md, "Issue 10, seventh pass").
     */
    @Test
    void otherJvmOptionsTrainAgain() throws Exception {
        run(Map.of());
        Files.delete(calls);

        run(Map.of("JAVA_OPTS", "-Xmx300m -XX:StartFlightRecording=filename=x.jfr"), "--a=b");

        assertThat(calls()).hasSize(3);
        assertThat(calls().get(1)).contains("-XX:StartFlightRecording=filename=x.jfr -XX:ArchiveClassesAtExit=");
        Files.delete(calls);

        run(Map.of("JAVA_OPTS", "-Xmx300m -XX:StartFlightRecording=filename=x.jfr"), "--a=b");

        assertThat(calls()).hasSize(1);
    }

    @Test
    void trainOnlyTrainsAndDoesNotStartTheHub() throws Exception {
        assertThat(run(Map.of(), "train")).isZero();

        assertThat(calls()).hasSize(2);
        assertThat(cds().resolve("dock2ledger.jsa")).exists();
    }

    @Test
    void aFailedTrainingStillStartsTheHubFromThePlainJar() throws Exception {
        Files.writeString(dir.resolve("fail-training"), "");

        run(Map.of(), "--a=b");

        List<String> lines = calls();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).isEqualTo(EXIT_ON_OOM + " -Xmx300m -jar " + jar + " --a=b | profile=prod db=jdbc:x");
        assertThat(cds().resolve("dock2ledger.jsa")).doesNotExist();
    }

    /** Asked for (or on Java 25 by default): an AOT cache instead of the CDS archive; switching either way trains again. */
    @Test
    void withAotOnItRecordsAndUsesAnAotCache() throws Exception {
        run(Map.of("DOCK2LEDGER_AOT", "true"), "--a=b");

        List<String> lines = calls();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).contains("-XX:AOTCacheOutput=" + cds().resolve("dock2ledger.aot"))
                .doesNotContain("ArchiveClassesAtExit");
        assertThat(lines.get(2)).isEqualTo(EXIT_ON_OOM + " -Xmx300m -XX:AOTCache=" + cds().resolve("dock2ledger.aot") + " -jar "
                + cds().resolve("app").resolve(jar.getFileName()) + " --a=b | profile=prod db=jdbc:x");

        Files.delete(calls);
        run(Map.of(), "--a=b");
        assertThat(calls()).hasSize(3);
        assertThat(calls().get(1)).contains("-XX:ArchiveClassesAtExit=" + cds().resolve("dock2ledger.jsa"));
        assertThat(calls().get(2)).contains("-XX:SharedArchiveFile=" + cds().resolve("dock2ledger.jsa"));
        assertThat(cds().resolve("dock2ledger.aot")).doesNotExist();
    }

    /** By default the JVM's release file decides: an AOT cache on Java 25 or later, the CDS archive below. */
    @ParameterizedTest
    @CsvSource({
            "25.0.1,  -XX:AOTCacheOutput,        -XX:AOTCache,          dock2ledger.aot, SharedArchiveFile",
            "17.0.15, -XX:ArchiveClassesAtExit, -XX:SharedArchiveFile, dock2ledger.jsa, AOTCache"})
    void byDefaultTheJvmVersionChoosesTheArchive(String version, String record, String use, String archive,
                                                 String notUsed) throws Exception {
        run(Map.of("JAVA", standInJdk(version).toString()), "--a=b");

        assertThat(calls()).hasSize(3);
        assertThat(calls().get(1)).contains(record + "=" + cds().resolve(archive));
        assertThat(calls().get(2)).contains(use + "=" + cds().resolve(archive)).doesNotContain(notUsed);
    }

    @Test
    void java25ToldNotToUsesTheCdsArchive() throws Exception {
        run(Map.of("JAVA", standInJdk("25.0.1").toString(), "DOCK2LEDGER_AOT", "false"), "--a=b");

        assertThat(calls()).hasSize(3);
        assertThat(calls().get(2)).contains("-XX:SharedArchiveFile=").doesNotContain("AOTCache");
    }

    /** The stand-in java in a JDK home of its own, whose release file names the version. */
    private Path standInJdk(String version) throws IOException {
        Path home = Files.createDirectories(dir.resolve("jdk-" + version).resolve("bin")).getParent();
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Stand-in\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path bin = home.resolve("bin").resolve("java");
        Files.copy(java, bin, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    @Test
    void whereLibaioIsInstalledTheBrokerJournalsNativeWrapperGoesOnTheLibraryPath() throws Exception {
        assumeTrue(libaioInstalled() && System.getProperty("os.arch").equals("amd64"),
                "libaio (Debian libaio1) is not installed here, or not x86_64");
        // Artemis's wrapper jar as the extracted hub holds it: the library at lib/linux-x86_64/.
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(dir.resolve("wrapper.jar")))) {
            zip.putNextEntry(new ZipEntry("lib/linux-x86_64/libartemis-native-64.so"));
            zip.write("not really a library".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }

        run(Map.of(), "--a=b");

        Path nativeDir = cds().resolve("native");
        assertThat(nativeDir.resolve("libartemis-native-64.so")).hasContent("not really a library");
        assertThat(calls().get(2)).isEqualTo("-Djava.library.path=" + nativeDir + " " + EXIT_ON_OOM + " -Xmx300m -XX:SharedArchiveFile="
                + cds().resolve("dock2ledger.jsa") + " -jar " + cds().resolve("app").resolve(jar.getFileName())
                + " --a=b | profile=prod db=jdbc:x");
        // The training start runs without it (its broker journals NIO): only the hub's own start needs the journal.
        assertThat(calls().get(1)).doesNotContain("java.library.path");
    }

    @Test
    void withoutTheWrapperTheHubStartsWithoutALibraryPath() throws Exception {
        run(Map.of(), "--a=b");

        assertThat(cds().resolve("native")).doesNotExist();
        assertThat(calls().get(2)).doesNotContain("java.library.path");
    }

    private static boolean libaioInstalled() throws Exception {
        Process ldconfig = new ProcessBuilder("ldconfig", "-p").redirectErrorStream(true).start();
        String libraries = new String(ldconfig.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ldconfig.waitFor(10, TimeUnit.SECONDS);
        return libraries.contains("libaio.so.1 ");
    }

    @Test
    void theHubAndItsTrainingExitAtTheFirstOutOfMemoryErrorUnlessJavaOptsSayOtherwise() throws Exception {
        run(Map.of(), "--a=b");
        assertThat(calls().get(1)).startsWith(EXIT_ON_OOM + " -Xmx300m ");
        assertThat(calls().get(2)).startsWith(EXIT_ON_OOM + " -Xmx300m ");
        Files.delete(calls);

        // The JVM takes the last of two opposite flags: JAVA_OPTS, after the script's, can turn it off.
        run(Map.of("JAVA_OPTS", "-Xmx300m -XX:-ExitOnOutOfMemoryError"), "--a=b");
        assertThat(calls().get(calls().size() - 1))
                .startsWith(EXIT_ON_OOM + " -Xmx300m -XX:-ExitOnOutOfMemoryError ");
    }

    @Test
    void withCdsOffItIsThePlainJar() throws Exception {
        run(Map.of("DOCK2LEDGER_CDS", "false"), "--a=b");

        assertThat(calls()).containsExactly(EXIT_ON_OOM + " -Xmx300m -jar " + jar + " --a=b | profile=prod db=jdbc:x");
        assertThat(cds()).doesNotExist();
    }

    private Path cds() {
        return dir.resolve("cds");
    }

    private List<String> calls() throws IOException {
        return Files.readAllLines(calls, StandardCharsets.UTF_8);
    }

    private int run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("script.log").toFile());
        builder.environment().remove("JAVA_HOME");
        builder.environment().putAll(Map.of("JAVA", java.toString(), "JAVA_OPTS", "-Xmx300m",
                "DOCK2LEDGER_JAR", jar.toString(), "SPRING_PROFILES_ACTIVE", "prod", "DOCK2LEDGER_DB_URL", "jdbc:x"));
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("script finished").isTrue();
        return process.exitValue();
    }
}
