package io.dock2ledger.intake;

import io.dock2ledger.support.HubIntegrationTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.dock2ledger.intake.PartnerFolderFiles.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A large file goes through the real file route as a stream: events are stored and queued one document at a time
 * while the file is still being read (it is still in the inbox), and the file is archived once every document is
 * through. Not a timing test: it checks the order of what happens. 2,000 documents keep it to about a minute on a
 * busy machine (the whole hub manages about 30 documents a second there, each one stored, audited and queued
 * persistently); that the reader holds no more than one document is proven on 20,000 by {@link CsvStreamingTest}.
 */
@Order(Integer.MAX_VALUE) // last of the full-hub tests (pom.xml, Failsafe): its 2,000 charges would queue ahead of the next test's events
class LargeFileIntakeIT extends HubIntegrationTest {

    private static final int DOCUMENTS = 2_000;

    @Test
    void largeCsvIsMappedDocumentByDocumentWhileItIsStillBeingRead(@TempDir Path scratch) throws IOException {
        Path source = scratch.resolve("stream.csv"); // JUnit deletes it: a test leaves nothing in /tmp
        try (BufferedWriter out = Files.newBufferedWriter(source)) {
            out.write("charge_id,charge_type,receipt_ref,po_ref,bol,amount,currency,invoice_date,vendor\n");
            for (int i = 1; i <= DOCUMENTS; i++) {
                // Matched to the demo receipt by PO and bill of lading, so posting settles them (once that receipt
                // has posted in this shared hub) instead of leaving thousands of charges waiting for a receipt.
                out.write("STREAM-" + i + ",HANDLING,,PO-70001,BOL55120,1.00,USD,2026-11-27,Stream test carrier\n");
            }
        }
        Path inbox = DATA_DIR.resolve("partners/corpus-lab/inbox");
        drop("corpus-lab", source, "stream_2000.csv");

        AtomicBoolean seenWhileReading = new AtomicBoolean();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> {
            int stored = count("select count(*) from canonical_event where source_document like 'STREAM-%'");
            boolean stillInInbox = !files(inbox, "stream_2000").isEmpty();
            if (stillInInbox && stored > 0 && stored < DOCUMENTS) {
                seenWhileReading.set(true);
            }
            return !stillInInbox;
        });

        assertThat(seenWhileReading).as("events were stored while the file was still being read").isTrue();
        assertThat(count("select count(*) from canonical_event where source_document like 'STREAM-%'")).isEqualTo(DOCUMENTS);
        assertThat(files(DATA_DIR.resolve("partners/corpus-lab/archive"), "stream_2000")).hasSize(1);
        assertThat(count("select count(*) from hub_exception where source_document like 'STREAM-%'")).isZero();
    }
}
