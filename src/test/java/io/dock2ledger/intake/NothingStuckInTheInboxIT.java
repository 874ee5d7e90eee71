package io.dock2ledger.intake;

import io.dock2ledger.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static io.dock2ledger.intake.PartnerFolderFiles.files;
import static io.dock2ledger.intake.PartnerFolderFiles.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stalled or poisoned file never holds others back, and never stays in an inbox unreported (issue 8): an empty file,
 * a file another partner is still writing, the read lock of a hub killed mid-file, a file no route can take.
 */
class NothingStuckInTheInboxIT extends HubIntegrationTest {

    private static final String HEADER =
            "shipment_id,order_id,ship_date,ship_from,ship_to_customer,line_no,item,qty,uom,lot,carrier,tracking\n";

    @Autowired
    StuckInboxFiles stuckFiles;

    @Test
    void anEmptyFileIsQuarantinedWithItsReasonAndTheNextFilePostsPromptly() {
        drop("acme-3pl", "shipments_EMPTY.csv", "");
        drop("acme-3pl", "shipments_SHP-AFTER-EMPTY.csv", HEADER
                + "SHP-AFTER-EMPTY,SO-50003,2026-11-26T08:00:00-05:00,NJ1,CUST-1003,1,ACM-0330,1,CA,,UPSN,1Z5\n");

        // Before the fix the empty file held the consumer in its read lock for 60 s on every poll.
        await().atMost(Duration.ofSeconds(20)).until(() ->
                count("select count(*) from finance_document where source_document = 'SHP-AFTER-EMPTY'") == 2);
        Path error = DATA_DIR.resolve("partners/acme-3pl/error");
        await().atMost(Duration.ofSeconds(20)).until(() -> files(error, "shipments_EMPTY").size() == 2);
        Path reason = files(error, "shipments_EMPTY").stream().filter(p -> p.toString().endsWith(".reason")).findFirst().orElseThrow();
        assertThat(read(reason)).contains("MALFORMED_FILE").contains("empty (0 bytes)");
        assertThat(jdbc.queryForMap("select category, owner from hub_exception where source_document = 'shipments_EMPTY.csv'"))
                .containsEntry("category", "MALFORMED_FILE").containsEntry("owner", "integration-team");
        assertThat(files(DATA_DIR.resolve("partners/acme-3pl/inbox"), "shipments_EMPTY")).isEmpty();
    }

    @Test
    void aFileOnePartnerIsStillWritingDoesNotHoldBackAnotherPartner() throws Exception {
        Path growing = Files.createDirectories(DATA_DIR.resolve("partners/wh-east/inbox")).resolve("return_GROWING.json");
        // A slow upload that never pauses for the read lock's minimum age: a line every 200 ms.
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        writer.scheduleAtFixedRate(() -> {
            try {
                Files.writeString(growing, "{\"partial\": true}\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, 0, 200, TimeUnit.MILLISECONDS);
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(growing));
            drop("acme-3pl", "shipments_SHP-BESIDE-GROWING.csv", HEADER
                    + "SHP-BESIDE-GROWING,SO-50003,2026-11-26T08:00:00-05:00,NJ1,CUST-1003,1,ACM-0330,1,CA,,UPSN,1Z6\n");
            // One consumer for every inbox waited for the growing file's read lock (60 s) before taking the next file.
            await().atMost(Duration.ofSeconds(8)).until(() ->
                    count("select count(*) from finance_document where source_document = 'SHP-BESIDE-GROWING'") == 2);
            assertThat(growing).as("still being written, so still waiting").exists();
        } finally {
            writer.shutdownNow();
            writer.awaitTermination(5, TimeUnit.SECONDS);
            Files.deleteIfExists(growing);
        }
    }

    @Test
    void aReadLockLeftByAKilledHubIsTakenOver() throws IOException {
        Path inbox = Files.createDirectories(DATA_DIR.resolve("partners/acme-3pl/inbox"));
        Path file = inbox.resolve("shipments_SHP-ORPHAN1.csv");
        // The lock row a hub killed with kill -9 in the middle of this file left behind, ten minutes ago.
        jdbc.update("insert into camel_messageprocessed (processorname, messageid, createdat) values (?, ?, ?)",
                "partner-inbox-to-canonical", file.toAbsolutePath().toString(),
                Timestamp.from(Instant.now().minus(Duration.ofMinutes(10))));
        drop("acme-3pl", "shipments_SHP-ORPHAN1.csv", HEADER
                + "SHP-ORPHAN1,SO-50003,2026-11-26T08:00:00-05:00,NJ1,CUST-1003,1,ACM-0330,1,CA,,UPSN,1Z7\n");

        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("select count(*) from finance_document where source_document = 'SHP-ORPHAN1'") == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(file));
    }

    @Test
    void aFileNoRouteCanTakeIsQuarantinedWithItsReason() throws IOException {
        Path strangerInbox = Files.createDirectories(DATA_DIR.resolve("partners/no-such-partner/inbox"));
        Path stranger = Files.writeString(strangerInbox.resolve("shipments_X.csv"), HEADER);
        Path fresh = Files.writeString(strangerInbox.resolve("shipments_NEW.csv"), HEADER);
        // Untouched for an hour: longer than dock2ledger.intake.stuck-after.
        Files.setLastModifiedTime(stranger, FileTime.from(Instant.now().minus(Duration.ofHours(1))));

        List<Path> quarantined = stuckFiles.quarantine();

        assertThat(quarantined).hasSize(1);
        assertThat(stranger).doesNotExist();
        assertThat(fresh).as("changed just now: not stuck yet").exists();
        Path reason = files(DATA_DIR.resolve("partners/no-such-partner/error"), "shipments_X").stream()
                .filter(p -> p.toString().endsWith(".reason")).findFirst().orElseThrow();
        assertThat(read(reason)).contains("STUCK_FILE").contains("no partner file in config/partners/ owns");
        Map<String, Object> exception = jdbc.queryForMap(
                "select category, owner, partner from hub_exception where source_document = 'shipments_X.csv'");
        assertThat(exception).containsEntry("category", "STUCK_FILE").containsEntry("owner", "integration-team")
                .containsEntry("partner", "no-such-partner");
        Files.deleteIfExists(fresh);
    }

    @Test
    void aFileAnotherLiveHubIsReadingIsNotStuck() throws IOException {
        Path strangerInbox = Files.createDirectories(DATA_DIR.resolve("partners/other-hub-partner/inbox"));
        Path file = Files.writeString(strangerInbox.resolve("shipments_BIG.csv"), HEADER);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        // Another hub instance holds its read lock and renews it (a large file takes a while to read).
        jdbc.update("insert into camel_messageprocessed (processorname, messageid, createdat) values (?, ?, ?)",
                "partner-inbox-to-canonical", file.toAbsolutePath().toString(), Timestamp.from(Instant.now()));

        assertThat(stuckFiles.quarantine()).isEmpty();
        assertThat(file).exists();
        Files.delete(file);
    }
}
