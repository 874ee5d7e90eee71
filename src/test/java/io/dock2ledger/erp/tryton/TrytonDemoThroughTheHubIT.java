package io.dock2ledger.erp.tryton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.Dock2LedgerApplication;
import io.dock2ledger.support.TestPasswordHashes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo set through the whole hub into a real Tryton (profile tryton, {@link TrytonServer}): every document the
 * demo files produce is CONFIRMED in the delivery outbox with Tryton's id, and Tryton's own amounts are those of
 * config/demo/expected.json, account by account; Tryton's invoice for SHP-9001 totals 443.02.
 *
 * <p>Mid-run, trytond is stopped while documents are being delivered and started again: nothing is lost, nothing
 * doubled, nothing failed. The postings commit regardless of Tryton (the outbox); the documents wait PENDING while it
 * is down (their attempts counted), and a call Tryton may have committed before it went away is looked up first
 * ({@link TrytonFinanceAdapter#lookup}).
 */
@Tag("tryton")
class TrytonDemoThroughTheHubIT {

    private static final List<String[]> BEFORE_THE_OUTAGE = List.of(
            new String[]{"acme-3pl", "shipments_SHP-9001.csv"},
            new String[]{"acme-3pl", "945_SHP-9002.x12"},
            new String[]{"acme-3pl", "944_RCV-3001.x12"},
            new String[]{"acme-3pl", "947_ADJ-4001.x12"});
    private static final List<String[]> DURING_THE_OUTAGE = List.of(
            new String[]{"wh-east", "return_RMA-80001.json"},
            new String[]{"carrier-feed", "charges_2026-11-27.csv"},
            new String[]{"wh-east", "transfer_TRF-1101_shipped.json"},
            new String[]{"wh-east", "transfer_TRF-1101_received.json"});
    private static final int EXPECTED_DOCUMENTS = 12;

    private final Path dataDir = Path.of("./target/tryton-hub-" + UUID.randomUUID());

    @Test
    void everyDemoDocumentReachesTrytonWithTheExpectedAmountsThroughAnOutage() throws IOException {
        TrytonServer server = TrytonServer.shared();
        TrytonClient tryton;
        try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(Dock2LedgerApplication.class, TestPasswordHashes.class)
                .profiles("tryton")
                .run("--dock2ledger.data-dir=" + dataDir,
                        "--dock2ledger.intake.poll-delay=200",
                        "--dock2ledger.posting.wait-retry-delay=1s",
                        "--dock2ledger.sftp.port=0",
                        "--server.port=0",
                        "--camel.main.jmx-enabled=false",
                        "--dock2ledger.erp.tryton.url=" + server.url(),
                        "--dock2ledger.erp.tryton.password=" + server.password())) {
            JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);

            BEFORE_THE_OUTAGE.forEach(file -> drop(file[0], file[1]));
            await().atMost(Duration.ofSeconds(180)).until(() -> posted(jdbc) >= 3);

            server.stop();
            int postedBeforeTheOutage = posted(jdbc);
            DURING_THE_OUTAGE.forEach(file -> drop(file[0], file[1]));
            // the postings commit without Tryton: every document is in the outbox, the rest wait for Tryton
            await().atMost(Duration.ofSeconds(180)).until(() ->
                    count(jdbc, "select count(*) from finance_document") == EXPECTED_DOCUMENTS
                            && count(jdbc, "select count(*) from erp_delivery where status = 'PENDING' and attempts > 0") >= 1);
            assertThat(count(jdbc, "select count(*) from hub_exception")).as("exceptions while Tryton is down").isZero();
            assertThat(count(jdbc, "select count(*) from erp_delivery where status = 'FAILED'")).isZero();
            int waiting = count(jdbc, "select count(*) from erp_delivery where status = 'PENDING'");
            System.out.printf("Tryton down: %d documents confirmed before, %d documents posted and waiting (%d attempts)%n",
                    postedBeforeTheOutage, waiting, count(jdbc, "select coalesce(sum(attempts), 0) from erp_delivery "
                            + "where status = 'PENDING'"));
            assertThat(posted(jdbc)).as("nothing confirmed while Tryton is down").isLessThan(EXPECTED_DOCUMENTS);
            server.start();

            await().atMost(Duration.ofSeconds(300)).until(() -> posted(jdbc) == EXPECTED_DOCUMENTS);
            System.out.printf("Tryton back: all %d documents confirmed%n", EXPECTED_DOCUMENTS);
            // run-local.sh sets the admin password again on start, which ends Tryton's sessions: the hub logged in
            // again by itself (TrytonSession); this test's own client must too
            tryton = server.client();

            // the hub: every document CONFIRMED with a Tryton id, no exception
            assertThat(count(jdbc, "select count(*) from finance_document")).isEqualTo(EXPECTED_DOCUMENTS);
            assertThat(jdbc.queryForList("select erp_document_id from erp_delivery", String.class))
                    .allMatch(reference -> reference.matches("account\\.(invoice|move),\\d+"))
                    .doesNotHaveDuplicates();
            assertThat(count(jdbc, "select count(*) from hub_exception")).as("exceptions").isZero();

            // Tryton: one record per hub document, none doubled, with the amounts of expected.json
            List<String> numbers = jdbc.queryForList("select document_number from finance_document", String.class);
            for (String number : numbers) {
                boolean invoice = !number.startsWith("JE-");
                List<JsonNode> records = invoice
                        ? tryton.searchRead("account.invoice", List.of(List.of("reference", "=", number)), List.of("id"))
                        : tryton.searchRead("account.move", List.of(List.of("description", "like", number + " %")),
                        List.of("id"));
                assertThat(records).as("Tryton records for " + number).hasSize(1);
            }
            assertTrytonHoldsTheExpectedDocuments(jdbc, tryton);

            Map<String, Object> shp9001 = jdbc.queryForMap("""
                    select erp_reference from finance_document where source_document = 'SHP-9001' and kind = 'INVOICE'""");
            long invoiceId = Long.parseLong(((String) shp9001.get("erp_reference")).substring("account.invoice,".length()));
            JsonNode invoice = tryton.searchRead("account.invoice", List.of(List.of("id", "=", invoiceId)),
                    List.of("state", "total_amount", "number")).get(0);
            System.out.println("Tryton's invoice for SHP-9001: " + invoice);
            assertThat(invoice.get("state").asText()).isEqualTo("posted");
            assertThat(TrytonJson.decimal(invoice.get("total_amount"))).isEqualByComparingTo("443.02");
        }
    }

    /** For every journal of expected.json: Tryton's move of the hub document (an invoice's own move) by account. */
    private static void assertTrytonHoldsTheExpectedDocuments(JdbcTemplate jdbc, TrytonClient tryton) throws IOException {
        JsonNode expected = new ObjectMapper().readTree(Path.of("config/demo/expected.json").toFile());
        int journals = 0;
        for (JsonNode document : expected.get("documents")) {
            for (JsonNode journal : document.get("journals")) {
                String reference = jdbc.queryForObject("""
                                select erp_reference from finance_document
                                where source_document = ? and source_event_type = ? and journal_kind = ?""",
                        String.class, document.get("source").asText(), document.get("event").asText(),
                        journal.get("kind").asText());
                long move;
                String label = document.get("source").asText() + " " + journal.get("kind").asText();
                if (reference.startsWith("account.invoice,")) {
                    JsonNode invoice = tryton.searchRead("account.invoice", List.of(List.of("id", "=",
                            Long.parseLong(reference.substring("account.invoice,".length())))),
                            List.of("move", "total_amount")).get(0);
                    JsonNode commercial = document.has("invoice") ? document.get("invoice") : document.get("creditMemo");
                    BigDecimal total = new BigDecimal(commercial.get("total").asText());
                    assertThat(TrytonJson.decimal(invoice.get("total_amount"))).as(label + " total")
                            .isEqualByComparingTo(document.has("invoice") ? total : total.negate());
                    move = invoice.get("move").asLong();
                } else {
                    move = Long.parseLong(reference.substring("account.move,".length()));
                }
                Map<String, BigDecimal> expectedLines = new TreeMap<>();
                journal.get("lines").fields().forEachRemaining(
                        e -> expectedLines.put(e.getKey(), new BigDecimal(e.getValue().asText())));
                Map<String, BigDecimal> posted = new TreeMap<>();
                for (JsonNode line : tryton.searchRead("account.move.line", List.of(List.of("move", "=", move)),
                        List.of("account.code", "debit", "credit", "move.state"))) {
                    assertThat(line.get("move.").get("state").asText()).as(label).isEqualTo("posted");
                    posted.merge(line.get("account.").get("code").asText(),
                            TrytonJson.decimal(line.get("debit")).subtract(TrytonJson.decimal(line.get("credit"))),
                            BigDecimal::add);
                }
                assertThat(posted.keySet()).as(label).isEqualTo(expectedLines.keySet());
                expectedLines.forEach((account, amount) ->
                        assertThat(posted.get(account)).as(label + " " + account).isEqualByComparingTo(amount));
                journals++;
            }
        }
        assertThat(journals).isEqualTo(EXPECTED_DOCUMENTS);
    }

    /** Documents CONFIRMED in the delivery outbox with Tryton's id. */
    private static int posted(JdbcTemplate jdbc) {
        return count(jdbc, "select count(*) from erp_delivery where status = 'CONFIRMED' and target = 'tryton' "
                + "and erp_document_id is not null");
    }

    private void drop(String partner, String name) {
        try {
            Path inbox = Files.createDirectories(dataDir.resolve("partners").resolve(partner).resolve("inbox"));
            Path part = inbox.resolve(name + ".part");
            Files.copy(Path.of("config/demo/inbound", partner, name), part, StandardCopyOption.REPLACE_EXISTING);
            Path dropped = Files.move(part, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            await().atMost(Duration.ofSeconds(60)).until(() -> !Files.exists(dropped));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int count(JdbcTemplate jdbc, String sql) {
        Integer n = jdbc.queryForObject(sql, Integer.class);
        return n == null ? 0 : n;
    }
}
