package io.dock2ledger.posting;

import io.dock2ledger.Dock2LedgerApplication;
import io.dock2ledger.support.TestPasswordHashes;
import io.dock2ledger.posting.documents.FinanceDocument;
import io.dock2ledger.posting.documents.StoredDocument;
import io.dock2ledger.posting.store.FinanceDocumentStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The proof of the posting engine through the real hub: every demo file dropped into its partner's inbox (files,
 * X12, JSON, charge CSV) goes through intake, the queue, the ledger, the rules and the finance adapter, and the
 * documents posted match config/demo/expected.json account by account, whatever order the files arrive in.
 * Dropping every file again changes nothing. Each order runs on a fresh hub with its own data directory.
 */
class DemoFilesThroughTheHubIT {

    private static final List<String[]> DEMO_FILES = List.of(
            new String[]{"acme-3pl", "shipments_SHP-9001.csv"},
            new String[]{"acme-3pl", "945_SHP-9002.x12"},
            new String[]{"acme-3pl", "944_RCV-3001.x12"},
            new String[]{"acme-3pl", "947_ADJ-4001.x12"},
            new String[]{"wh-east", "return_RMA-80001.json"},
            new String[]{"carrier-feed", "charges_2026-11-27.csv"},
            new String[]{"wh-east", "transfer_TRF-1101_shipped.json"},
            new String[]{"wh-east", "transfer_TRF-1101_received.json"});
    private static final int EXPECTED_DOCUMENTS = 12;

    /** Relative, like the README's default ./data, and unique per run: the hub must resolve it itself. */
    private final Path dataDir = Path.of("./target/demo-hub-" + UUID.randomUUID());

    static Stream<Arguments> arrivalOrders() {
        List<String[]> reversed = new ArrayList<>(DEMO_FILES);
        Collections.reverse(reversed);
        List<String[]> shuffled = new ArrayList<>(DEMO_FILES);
        Collections.shuffle(shuffled, new Random(20261127));
        return Stream.of(
                Arguments.of("as listed", DEMO_FILES),
                Arguments.of("reversed: returns, charges and receiving legs before what they depend on", reversed),
                Arguments.of("shuffled", shuffled));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("arrivalOrders")
    void everyDemoFilePostsExactlyTheExpectedDocuments(String name, List<String[]> order) {
        try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(Dock2LedgerApplication.class, TestPasswordHashes.class).run(
                "--dock2ledger.data-dir=" + dataDir,
                "--dock2ledger.intake.poll-delay=200",
                "--dock2ledger.posting.wait-retry-delay=1s",
                // Every file is dropped as a careful partner does (copied under a temporary name, renamed), the case
                // in which application.yaml allows min-age 0: each is taken in ~0.3 s, not after 1 s unchanged.
                "--dock2ledger.intake.read-lock-min-age=0",
                "--dock2ledger.intake.read-lock-check-interval=100",
                "--dock2ledger.sftp.port=0",
                "--server.port=0",
                "--camel.main.jmx-enabled=false")) {
            JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
            FinanceDocumentStore store = hub.getBean(FinanceDocumentStore.class);

            for (String[] file : order) {
                dropAndWaitUntilTaken(file[0], file[1]);
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> count(jdbc, "select count(*) from finance_document") == EXPECTED_DOCUMENTS);
            List<FinanceDocument> posted = allDocuments(jdbc, store);
            DemoExpectations.assertMatchesExpected(posted);
            for (String[] file : order) {
                String stem = file[1].substring(0, file[1].lastIndexOf('.'));
                assertThat(archived(file[0])).as("archive of " + file[0]).anyMatch(archivedName -> archivedName.startsWith(stem));
            }
            assertThat(count(jdbc, "select count(*) from hub_exception")).as("exceptions").isZero();

            // Everything again: nothing new is posted. The CSV and JSON documents are audited as DUPLICATE events;
            // the three X12 interchanges are refused before mapping as duplicate interchanges (same sender and
            // control number), recorded and answered with a rejecting TA1.
            int duplicatesBefore = count(jdbc, "select count(*) from event_audit where stage = 'DUPLICATE'");
            for (String[] file : order) {
                dropAndWaitUntilTaken(file[0], file[1]);
            }
            await().atMost(Duration.ofSeconds(120)).until(() ->
                    count(jdbc, "select count(*) from event_audit where stage = 'DUPLICATE'") == duplicatesBefore + 6);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    count(jdbc, "select count(*) from hub_exception where category = 'DUPLICATE_INTERCHANGE'") == 3);
            assertThat(count(jdbc, "select count(*) from hub_exception where category <> 'DUPLICATE_INTERCHANGE'")).isZero();
            assertThat(count(jdbc, "select count(*) from finance_document")).isEqualTo(EXPECTED_DOCUMENTS);
        }
    }

    private void dropAndWaitUntilTaken(String partner, String name) {
        try {
            Path inbox = Files.createDirectories(dataDir.resolve("partners").resolve(partner).resolve("inbox"));
            Path part = inbox.resolve(name + ".part");
            Files.copy(Path.of("config/demo/inbound", partner, name), part, StandardCopyOption.REPLACE_EXISTING);
            Path dropped = Files.move(part, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(dropped));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> archived(String partner) {
        try (Stream<Path> files = Files.walk(dataDir.resolve("partners").resolve(partner).resolve("archive"))) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<FinanceDocument> allDocuments(JdbcTemplate jdbc, FinanceDocumentStore store) {
        return jdbc.queryForList("select distinct source_document from finance_document", String.class).stream()
                .flatMap(source -> store.bySource(source).stream())
                .map(StoredDocument::document)
                .toList();
    }

    private static int count(JdbcTemplate jdbc, String sql) {
        Integer n = jdbc.queryForObject(sql, Integer.class);
        return n == null ? 0 : n;
    }
}
