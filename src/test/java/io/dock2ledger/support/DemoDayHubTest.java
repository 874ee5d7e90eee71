package io.dock2ledger.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.dock2ledger.canonical.CanonicalJson;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * A hub of its own holding exactly the demo day (every file of config/demo/inbound, posted), shared by the operations
 * tests that must see the demo alone: the shared {@link HubIntegrationTest} hub also holds other tests' documents
 * and deliberate failures on the same business days. Its own data directory and a property of its own make Spring
 * cache it apart from that hub; the demo files are dropped once, by whichever test class starts first.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "dock2ledger.intake.poll-delay=200",
        "dock2ledger.posting.wait-retry-delay=1s",
        "dock2ledger.sftp.port=0",
        "dock2ledger.posting.sweep-period=600000",
        "camel.main.jmx-enabled=false",
        "dock2ledger.reconciliation.cron=0 0 0 1 1 *"
})
@AutoConfigureObservability
public abstract class DemoDayHubTest {

    public static final int DEMO_DOCUMENTS = 12;
    public static final List<String[]> DEMO_FILES = List.of(
            new String[]{"acme-3pl", "shipments_SHP-9001.csv"},
            new String[]{"acme-3pl", "945_SHP-9002.x12"},
            new String[]{"acme-3pl", "944_RCV-3001.x12"},
            new String[]{"acme-3pl", "947_ADJ-4001.x12"},
            new String[]{"wh-east", "return_RMA-80001.json"},
            new String[]{"carrier-feed", "charges_2026-11-27.csv"},
            new String[]{"wh-east", "transfer_TRF-1101_shipped.json"},
            new String[]{"wh-east", "transfer_TRF-1101_received.json"});

    private static final Path DEMO_DATA_DIR = createDir();
    private static boolean demoDropped;

    @DynamicPropertySource
    static void demoDataDir(DynamicPropertyRegistry registry) {
        registry.add("dock2ledger.data-dir", DEMO_DATA_DIR::toString);
    }

    protected static final String ADMIN_PASSWORD = "dev-admin";

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @BeforeEach
    void demoDayPosted() {
        synchronized (DemoDayHubTest.class) {
            if (!demoDropped) {
                for (String[] file : DEMO_FILES) {
                    drop(file[0], demoFile(file[0], file[1]), file[1]);
                }
                demoDropped = true;
            }
        }
        await().atMost(Duration.ofSeconds(120))
                .until(() -> count("select count(*) from finance_document where source_document in "
                        + "('SHP-9001','SHP-9002','RCV-3001','ADJ-4001','RMA-80001','TRF-1101','FRT-6001','DTY-6002')")
                        >= DEMO_DOCUMENTS);
    }

    protected static Path dataDir() {
        return DEMO_DATA_DIR;
    }

    /** Drops a file into a partner's inbox: upload under a temporary name, rename. */
    protected static Path drop(String partner, Path source, String name) {
        try {
            Path inbox = Files.createDirectories(DEMO_DATA_DIR.resolve("partners").resolve(partner).resolve("inbox"));
            Path part = inbox.resolve(name + ".part");
            Files.copy(source, part, StandardCopyOption.REPLACE_EXISTING);
            return Files.move(part, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static Path drop(String partner, String name, String content) {
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

    /** GET as the admin, parsed; anything but 200 fails. */
    protected JsonNode api(String pathAndQuery) {
        HttpResponse<String> response = get(pathAndQuery, "admin", ADMIN_PASSWORD);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
        }
        return json(response.body());
    }

    protected HttpResponse<String> get(String pathAndQuery, String user, String password, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery)).GET();
        authorize(request, user, password);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    protected HttpResponse<String> post(String path, String user, String password, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        authorize(request, user, password);
        return send(request.build());
    }

    private static void authorize(HttpRequest.Builder request, String user, String password) {
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
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

    private static Path createDir() {
        try {
            return Files.createTempDirectory("dock2ledger-demo-day-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
