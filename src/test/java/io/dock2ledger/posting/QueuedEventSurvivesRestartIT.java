package io.dock2ledger.posting;

import io.dock2ledger.Dock2LedgerApplication;
import io.dock2ledger.support.TestPasswordHashes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A canonical event sitting on the persistent posting queue when the hub stops is posted exactly once after the
 * hub starts again: the embedded Artemis journal and the H2 file database both live in the data directory.
 */
class QueuedEventSurvivesRestartIT {

    @TempDir
    Path dataDir;

    @Test
    void eventQueuedWhenTheHubStopsIsPostedOnceAfterRestart() throws IOException {
        // First life: intake runs, posting is paused, so the event stays on the queue.
        try (ConfigurableApplicationContext hub = start(false)) {
            JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
            Path inbox = Files.createDirectories(dataDir.resolve("partners/acme-3pl/inbox"));
            Files.copy(Path.of("config/demo/inbound/acme-3pl/shipments_SHP-9001.csv"), inbox.resolve("shipments_SHP-9001.csv.part"));
            Files.move(inbox.resolve("shipments_SHP-9001.csv.part"), inbox.resolve("shipments_SHP-9001.csv"));
            await().atMost(Duration.ofSeconds(60)).until(() -> count(jdbc, "select count(*) from canonical_event where source_document = 'SHP-9001'") == 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.list(inbox).findAny().isEmpty());
            assertThat(count(jdbc, "select count(*) from finance_document")).isZero();
        }

        // Second life: posting resumes and finds the event the broker kept.
        try (ConfigurableApplicationContext hub = start(true)) {
            JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> count(jdbc, "select count(*) from finance_document where source_document = 'SHP-9001'") == 2);
            // Nothing else arrives later: the queue is drained and the ledger holds the document once.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                    count(jdbc, "select count(*) from finance_document where source_document = 'SHP-9001'") == 2);
            assertThat(count(jdbc, "select count(*) from posting_ledger where document_id = 'SHP-9001'")).isEqualTo(1);
            assertThat(count(jdbc, "select count(*) from erp_if_invoice_header where source_document = 'SHP-9001'")).isEqualTo(1);
        }
    }

    /** Without posting, the posting route file is not loaded at all: the hub only queues. */
    private ConfigurableApplicationContext start(boolean posting) {
        // Command-line arguments, because builder "properties" are defaults that application.yaml overrides.
        return new SpringApplicationBuilder(Dock2LedgerApplication.class, TestPasswordHashes.class).run(
                "--dock2ledger.data-dir=" + dataDir,
                "--camel.main.routes-exclude-pattern=" + (posting ? "" : "**/canonical-events-to-finance.camel.yaml"),
                "--dock2ledger.intake.poll-delay=200",
                "--dock2ledger.sftp.port=0",
                "--server.port=0",
                "--camel.main.jmx-enabled=false");
    }

    private static int count(JdbcTemplate jdbc, String sql) {
        Integer n = jdbc.queryForObject(sql, Integer.class);
        return n == null ? 0 : n;
    }
}
