package io.dock2ledger.support;

import org.springframework.context.annotation.Import;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.nio.file.Path;
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
@Import(TestPasswordHashes.class)
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

    protected static final String ADMIN_PASSWORD = HubClient.ADMIN_PASSWORD;

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

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
        return PartnerInbox.drop(DEMO_DATA_DIR, partner, source, name);
    }

    protected static Path drop(String partner, String name, String content) {
        return PartnerInbox.drop(DEMO_DATA_DIR, partner, name, content);
    }

    protected static Path demoFile(String partner, String name) {
        return PartnerInbox.demoFile(partner, name);
    }

    /** The hub's HTTP API over a real connection (support.HubClient). */
    protected HubClient hubClient() {
        return new HubClient(port);
    }

    /** GET as the admin, parsed; anything but 200 fails. */
    protected JsonNode api(String pathAndQuery) {
        return hubClient().api(pathAndQuery, ADMIN_PASSWORD);
    }

    protected HttpResponse<String> get(String pathAndQuery, String user, String password, String... headers) {
        return hubClient().get(pathAndQuery, user, password, headers);
    }

    protected HttpResponse<String> post(String path, String user, String password, String contentType, String body) {
        return hubClient().post(path, user, password, contentType, body);
    }

    protected static JsonNode json(String text) {
        return HubClient.json(text);
    }

    protected int count(String sql, Object... args) {
        Integer n = jdbc.queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }

    private static Path createDir() {
        return TestScratch.directory("dock2ledger-demo-day-");
    }
}
