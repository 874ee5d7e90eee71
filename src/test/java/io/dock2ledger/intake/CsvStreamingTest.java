package io.dock2ledger.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.dock2ledger.canonical.CanonicalJson;
import io.dock2ledger.intake.read.CsvDocuments;
import io.dock2ledger.intake.read.InboundDocuments;
import io.dock2ledger.intake.read.InboundFile;
import io.dock2ledger.mapping.InboundDocument;
import io.dock2ledger.partners.PartnerDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A CSV file is read one business document at a time: the documents handed on before are not held by the reader,
 * so memory is bounded by one document, not by the file (20,000 documents here).
 */
class CsvStreamingTest {

    private static final int DOCUMENTS = 20_000;

    @Test
    void documentsAlreadyHandedOnAreNotHeldByTheReader(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("stream_20000.csv");
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("charge_id,charge_type,receipt_ref,po_ref,bol,amount,currency,invoice_date,vendor\n");
            for (int i = 1; i <= DOCUMENTS; i++) {
                out.write("CHG-" + i + ",FREIGHT,RCV-" + i + ",PO-70001,BOL-" + i + ",10.00,USD,2026-11-27,Carrier\n");
            }
        }
        var json = CanonicalJson.newMapper();
        InboundDocuments reader = new InboundDocuments(new CsvDocuments(json), json);
        PartnerDocument type = new PartnerDocument("stream-csv", "stream_*.csv", "csv", "charge_id", null,
                "carrier-feed/charges-csv.jsonata");
        Iterator<InboundDocument> documents = reader.read(new InboundFile("raw-1", "corpus-lab", type, file, null, 0,
                null, null));

        List<WeakReference<JsonNode>> handedOn = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS / 2; i++) {
            handedOn.add(new WeakReference<>(documents.next().content()));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            System.gc();
            return handedOn.stream().filter(r -> r.get() != null).count() <= 1;
        });

        int rest = 0;
        while (documents.hasNext()) {
            JsonNode document = documents.next().content();
            assertThat(document.path("rows")).hasSize(1);
            rest++;
        }
        assertThat(rest).isEqualTo(DOCUMENTS / 2);
    }
}
