package io.dock2ledger.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.dock2ledger.Dock2LedgerApplication;
import io.dock2ledger.canonical.CanonicalJson;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;

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

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

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
        hub = new SpringApplicationBuilder(Dock2LedgerApplication.class).run(
                "--dock2ledger.data-dir=" + dataDir,
                "--dock2ledger.config-dir=" + configDir,
                "--dock2ledger.mappings-dir=" + mappingsDir,
                "--dock2ledger.intake.poll-delay=200",
                "--dock2ledger.posting.wait-retry-delay=1s",
                "--dock2ledger.sftp.port=0",
                "--server.port=0");
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
        return "http://localhost:" + port;
    }

    /** Drops a file into a partner's inbox the way a careful partner does: upload under a temporary name, rename. */
    protected Path drop(String partner, String name, String content) {
        try {
            Path inbox = Files.createDirectories(dataDir.resolve("partners").resolve(partner).resolve("inbox"));
            Path part = inbox.resolve(name + ".part");
            Files.writeString(part, content, StandardCharsets.UTF_8);
            return Files.move(part, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    protected HttpResponse<String> get(String path, String user, String password) {
        return send(request(path, user, password).GET().build());
    }

    protected HttpResponse<String> post(String path, String user, String password, String json) {
        return send(request(path, user, password).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** GET as the admin, parsed; anything but 200 fails the test with the answer. */
    protected JsonNode api(String path) {
        HttpResponse<String> response = get(path, "admin", "dev-admin");
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json(response.body());
    }

    protected static JsonNode json(String text) {
        try {
            return CanonicalJson.newMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected int count(String sql, Object... args) {
        Integer n = jdbc.queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }

    private HttpRequest.Builder request(String path, String user, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return request;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
