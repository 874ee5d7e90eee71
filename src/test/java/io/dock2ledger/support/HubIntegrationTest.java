package io.dock2ledger.support;

import org.springframework.context.annotation.Import;
import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.nio.file.Path;

/**
 * The whole hub on its embedded defaults (persistent Artemis, H2 file database, partner folders, YAML routes
 * from routes/), in one temporary data directory shared by every test class that extends this one, so Spring
 * starts it once per test run. Tests use their own document ids, or assert on differences, so they do not
 * depend on each other's data.
 * <p>
 * CSV files are mapped ahead on two threads ({@code dock2ledger.mapping.threads=2}), whatever the machine's cores
 * (its default maps ahead only on more than two): every full-hub test of a CSV file then proves that mapping ahead
 * keeps each file's order, outcomes and exceptions.
 * <p>
 * Technical failures are retried as many times as in production, 10 times closer together
 * ({@code dock2ledger.retries.first-delay-ms=50}: a posting failure is dead-lettered after 1.55 s, not 15.5 s): what the
 * tests prove is how many tries and what happens after the last, not how long the hub waits between them.
 */
@Import(TestPasswordHashes.class)
@AutoConfigureObservability // tests switch metrics export off by default; the hub's /actuator/prometheus is tested
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "dock2ledger.intake.poll-delay=200",
        "dock2ledger.posting.wait-retry-delay=1s",
        "dock2ledger.retries.first-delay-ms=50",
        "dock2ledger.sftp.port=0",
        "dock2ledger.posting.sweep-period=2000",
        "dock2ledger.mapping.threads=2"
})
public abstract class HubIntegrationTest {

    protected static final Path DATA_DIR = createDataDir();
    protected static final String ADMIN_PASSWORD = HubClient.ADMIN_PASSWORD;

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("dock2ledger.data-dir", DATA_DIR::toString);
    }

    /** Drops a file into a partner's inbox the way a careful partner does: upload under a temporary name, rename. */
    protected Path drop(String partner, Path source, String name) {
        return PartnerInbox.drop(DATA_DIR, partner, source, name);
    }

    protected Path drop(String partner, String name, String content) {
        return PartnerInbox.drop(DATA_DIR, partner, name, content);
    }

    protected static Path demoFile(String partner, String name) {
        return PartnerInbox.demoFile(partner, name);
    }

    /** The hub's HTTP API over a real connection (support.HubClient). */
    protected HubClient hubClient() {
        return new HubClient(port);
    }

    /** GET on the hub's API as the admin, parsed. */
    protected JsonNode api(String pathAndQuery) {
        return hubClient().api(pathAndQuery, ADMIN_PASSWORD);
    }

    protected HttpResponse<String> get(String pathAndQuery, String user, String password) {
        return hubClient().get(pathAndQuery, user, password);
    }

    protected HttpResponse<String> post(String path, String user, String password, String json) {
        return hubClient().postJson(path, user, password, json);
    }

    protected static JsonNode json(String text) {
        return HubClient.json(text);
    }

    protected int count(String sql, Object... args) {
        Integer n = jdbc.queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }

    private static Path createDataDir() {
        return TestScratch.directory("dock2ledger-test-");
    }
}
