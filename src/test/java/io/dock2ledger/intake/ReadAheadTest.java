package io.dock2ledger.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.CanonicalJson;
import io.dock2ledger.canonical.CanonicalSchemas;
import io.dock2ledger.canonical.EventFingerprint;
import io.dock2ledger.exceptions.HubException;
import io.dock2ledger.intake.read.CsvDocuments;
import io.dock2ledger.mapping.EventEnricher;
import io.dock2ledger.mapping.EventPreparation;
import io.dock2ledger.mapping.InboundDocument;
import io.dock2ledger.mapping.PartnerMappings;
import io.dock2ledger.intake.read.InboundDocuments;
import io.dock2ledger.intake.read.InboundFile;
import io.dock2ledger.masterdata.InMemoryMasterData;
import io.dock2ledger.masterdata.MasterDataSeed;
import io.dock2ledger.partners.PartnerDocument;
import io.dock2ledger.support.OpenFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A CSV file's documents mapped ahead on a pool give exactly what mapping them one by one on the file's thread gives:
 * the same events with the same ids, in file order, and every failure (an unknown item, a formula in a field) thrown at
 * its own document or event, with the same category and reason. The work really ran on the pool's threads.
 */
class ReadAheadTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = CanonicalJson.newMapper();
    private static final PartnerDocument SHIPMENTS = new PartnerDocument("shipment-csv", "shipments_*.csv", "csv",
            "shipment_id", null, "acme-3pl/shipment-csv.jsonata");
    private static final int DOCUMENTS = 300;

    private final ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(2);

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void aFileMappedAheadGivesWhatMappingItOneByOneGives(@TempDir Path dir) throws IOException {
        Path file = shipments(dir);

        List<String> oneByOne = takeThrough(preparation(null), file);
        List<String> ahead = takeThrough(preparation(pool), file);

        assertThat(ahead).isEqualTo(oneByOne);
        assertThat(oneByOne).hasSize(DOCUMENTS)
                .anyMatch(line -> line.startsWith("event SHP-RA-00001 "))
                .anyMatch(line -> line.startsWith("failed event UNKNOWN_ITEM shipment.confirmed SHP-RA-00057"))
                .anyMatch(line -> line.startsWith("failed event SCHEMA_INVALID shipment.confirmed SHP-RA-00123"));
        // Every document was mapped and prepared on the pool (a worker counts its task just after handing the result).
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.getCompletedTaskCount() == DOCUMENTS);
    }

    @Test
    void aStepRetriedAfterItsFailureMapsAgainOnTheFileThread(@TempDir Path dir) throws IOException {
        EventPreparation preparation = preparation(pool);
        Iterator<InboundDocument> documents = preparation.readAhead(reader().read(file(shipments(dir))));

        InboundDocument first = documents.next();
        List<CanonicalEvent> mapped = preparation.map(first);
        List<CanonicalEvent> mappedAgain = preparation.map(first);
        CanonicalEvent prepared = preparation.prepare(mapped.get(0));
        CanonicalEvent preparedAgain = preparation.prepare(mapped.get(0));

        assertThat(mappedAgain).isNotSameAs(mapped).isEqualTo(mapped);
        assertThat(preparedAgain).isNotSameAs(prepared).isEqualTo(prepared);
    }

    @Test
    void aFileLeftBeforeItsEndIsClosedWithWhatWasReadAhead(@TempDir Path dir) throws IOException {
        Path file = shipments(dir);
        Iterator<InboundDocument> documents = preparation(pool).readAhead(reader().read(file(file)));
        documents.next();
        assertThat(OpenFiles.of(file)).isEqualTo(1);

        // What Camel's split does with what it iterates when it stops at a failure (stopOnException).
        assertThat(documents).isInstanceOf(Closeable.class);
        ((Closeable) documents).close();

        assertThat(OpenFiles.of(file)).isZero();
        assertThat(documents.hasNext()).isFalse();
    }

    /** What the route does with each document: map it, then prepare each event; every outcome as one line. */
    private List<String> takeThrough(EventPreparation preparation, Path file) {
        List<String> outcomes = new ArrayList<>();
        Iterator<InboundDocument> documents = preparation.readAhead(reader().read(file(file)));
        while (documents.hasNext()) {
            InboundDocument document = documents.next();
            List<CanonicalEvent> mapped;
            try {
                mapped = preparation.map(document);
            } catch (HubException e) {
                outcomes.add("failed document " + e.category() + " " + e.getMessage());
                continue;
            }
            for (CanonicalEvent event : mapped) {
                try {
                    CanonicalEvent prepared = preparation.prepare(event);
                    outcomes.add("event " + prepared.source().documentId() + " " + prepared.eventId() + " "
                            + prepared.lines().size() + " lines");
                } catch (HubException e) {
                    outcomes.add("failed event " + e.category() + " " + e.getMessage());
                }
            }
        }
        return outcomes;
    }

    /** The hub's preparation of the demo partner acme-3pl, mapping on the file's thread, or ahead on a pool. */
    private static EventPreparation preparation(ThreadPoolExecutor threads) {
        return new EventPreparation(new PartnerMappings(Path.of("mappings"), JSON),
                new EventEnricher(new InMemoryMasterData(new MasterDataSeed(Path.of("config/masterdata")))),
                new CanonicalSchemas(Path.of("mappings/canonical")), new EventFingerprint(JSON), JSON, CLOCK, threads, 8);
    }

    private static InboundDocuments reader() {
        return new InboundDocuments(new CsvDocuments(JSON), JSON);
    }

    private static InboundFile file(Path path) {
        return new InboundFile("raw-ahead", "acme-3pl", SHIPMENTS, path, null, 0, null, null);
    }

    /** Good shipments, one on an unknown item (master data) and one with a formula for a tracking number (schema). */
    private static Path shipments(Path dir) throws IOException {
        Path file = dir.resolve("shipments_ahead.csv");
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("shipment_id,order_id,ship_date,ship_from,ship_to_customer,line_no,item,qty,uom,lot,carrier,tracking\n");
            for (int i = 1; i <= DOCUMENTS; i++) {
                String id = "SHP-RA-%05d".formatted(i);
                String item = i == 57 ? "NO-SUCH-ITEM" : "ACM-0001";
                String tracking = i == 123 ? "=HYPERLINK(1)" : "1Z999AA1012345" + (6000 + i);
                out.write(id + ",SO-50001,2026-11-26T14:05:00-05:00,NJ1,CUST-1001,1," + item + ",1,CA,,UPSN," + tracking + "\n");
                out.write(id + ",SO-50001,2026-11-26T14:05:00-05:00,NJ1,CUST-1001,2,ACM-0107,2,EA,,UPSN," + tracking + "\n");
            }
        }
        return file;
    }
}
