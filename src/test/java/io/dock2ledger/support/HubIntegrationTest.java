package io.dock2ledger.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.dock2ledger.canonical.CanonicalJson;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

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
 * The whole hub on its embedded defaults (persistent Artemis, H2 file database, partner folders, YAML routes
 * from routes/), in one temporary data directory shared by every test class that extends this one, so Spring
 * starts it once per test run. Tests use their own document ids, or assert on differences, so they do not
 * depend on each other's data.
 */
@AutoConfigureObservability // tests switch metrics export off by default; the hub's /actuator/prometheus is tested
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "dock2ledger.intake.poll-delay=200",
        "dock2ledger.posting.wait-retry-delay=1s",
        "dock2ledger.sftp.port=0",
        "dock2ledger.posting.sweep-period=2000"
})
public abstract class HubIntegrationTest {

    protected static final Path DATA_DIR = createDataDir();
    protected static final String ADMIN_PASSWORD = "dev-admin";

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("dock2ledger.data-dir", DATA_DIR::toString);
    }

    /** Drops a file into a partner's inbox the way a careful partner does: upload under a temporary name, rename. */
    protected Path drop(String partner, Path source, String name) {
        try {
            Path inbox = Files.createDirectories(DATA_DIR.resolve("partners").resolve(partner).resolve("inbox"));
            Path part = inbox.resolve(name + ".part");
            Files.copy(source, part, StandardCopyOption.REPLACE_EXISTING);
            return Files.move(part, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected Path drop(String partner, String name, String content) {
        try {
            Path temp = Files.createTempFile("d2l-drop", ".tmp");
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            return drop(partner, temp, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static Path demoFile(String partner, String name) {
        return Path.of("config/demo/inbound", partner, name);
    }

    /** GET on the hub's API as the admin, parsed. */
    protected JsonNode api(String pathAndQuery) {
        HttpResponse<String> response = get(pathAndQuery, "admin", ADMIN_PASSWORD);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return CanonicalJson.newMapper().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected HttpResponse<String> get(String pathAndQuery, String user, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery)).GET();
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return send(request.build());
    }

    protected HttpResponse<String> post(String path, String user, String password, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return send(request);
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

    private static Path createDataDir() {
        try {
            return Files.createTempDirectory("dock2ledger-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
