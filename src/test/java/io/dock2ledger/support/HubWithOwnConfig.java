package io.dock2ledger.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.dock2ledger.Dock2LedgerApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole hub of the test class's own, with its own data directory and its own copies of {@code config/} and
 * {@code mappings/}: a test that fixes master data (or adds a partner file or a mapping) edits those copies, never the
 * repository's, and no other test sees the change.
 * Started once per class (PER_CLASS lifecycle), closed after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class HubWithOwnConfig {

    protected Path dataDir;
    protected Path configDir;
    protected Path mappingsDir;
    protected ConfigurableApplicationContext hub;
    protected JdbcTemplate jdbc;
    protected int port;

    /** Command-line settings of the test class's hub beside the defaults above (another database, say). */
    protected List<String> moreHubArgs() {
        return List.of();
    }

    /** What the test class needs beside the hub (JUnit assumptions), checked before the hub starts: a skip is cheap. */
    protected void assumePrerequisites() {
    }

    @BeforeAll
    void startHub() throws IOException {
        assumePrerequisites();
        Path root = Files.createDirectories(Path.of("target", getClass().getSimpleName() + "-" + System.nanoTime()));
        dataDir = root.resolve("data").toAbsolutePath();
        configDir = root.resolve("config").toAbsolutePath();
        mappingsDir = root.resolve("mappings").toAbsolutePath();
        FileSystemUtils.copyRecursively(Path.of("config"), configDir);
        FileSystemUtils.copyRecursively(Path.of("mappings"), mappingsDir);
        List<String> args = new ArrayList<>(List.of(
                "--dock2ledger.data-dir=" + dataDir,
                "--dock2ledger.config-dir=" + configDir,
                "--dock2ledger.mappings-dir=" + mappingsDir,
                "--dock2ledger.intake.poll-delay=200",
                "--dock2ledger.posting.wait-retry-delay=1s",
                // Retries as many as in production, 10 times closer (HubIntegrationTest).
                "--dock2ledger.retries.first-delay-ms=50",
                "--dock2ledger.sftp.port=0",
                "--server.port=0"));
        args.addAll(moreHubArgs());
        hub = new SpringApplicationBuilder(Dock2LedgerApplication.class, TestPasswordHashes.class)
                .run(args.toArray(String[]::new));
        jdbc = hub.getBean(JdbcTemplate.class);
        port = ((WebServerApplicationContext) hub).getWebServer().getPort();
    }

    @AfterAll
    void stopHub() {
        if (hub != null) {
            hub.close();
        }
    }

    protected String baseUrl() {
        return hubClient().baseUrl();
    }

    /** Drops a file into a partner's inbox the way a careful partner does: upload under a temporary name, rename. */
    protected Path drop(String partner, String name, String content) {
        return PartnerInbox.drop(dataDir, partner, name, content);
    }

    /** Appends a line to a master-data seed file of this hub's config copy, the way an operator saves a fix. */
    protected void appendToMasterData(String file, String line) {
        try {
            Path seed = configDir.resolve("masterdata").resolve(file);
            String content = Files.readString(seed, StandardCharsets.UTF_8);
            Path edited = seed.resolveSibling("." + file + ".edit");
            Files.writeString(edited, (content.endsWith("\n") ? content : content + "\n") + line + "\n",
                    StandardCharsets.UTF_8);
            Files.move(edited, seed, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This hub's HTTP API over a real connection (support.HubClient). */
    protected HubClient hubClient() {
        return new HubClient(port);
    }

    protected HttpResponse<String> get(String path, String user, String password) {
        return hubClient().get(path, user, password);
    }

    protected HttpResponse<String> post(String path, String user, String password, String json) {
        return hubClient().postJson(path, user, password, json);
    }

    /** GET as the admin, parsed; anything but 200 fails the test with the answer. */
    protected JsonNode api(String path) {
        return hubClient().api(path);
    }

    protected static JsonNode json(String text) {
        return HubClient.json(text);
    }

    protected int count(String sql, Object... args) {
        Integer n = jdbc.queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }
}
