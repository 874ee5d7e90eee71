package io.dock2ledger.erp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static io.dock2ledger.erp.ErpFixtures.cogs;
import static io.dock2ledger.erp.ErpFixtures.invoice;
import static io.dock2ledger.erp.ErpFixtures.stored;
import static org.assertj.core.api.Assertions.assertThat;

class FileExportAdapterTest {

    @TempDir
    Path dir;

    @Test
    void anInvoiceIsWrittenAsItsInvoiceCsvAndItsJournalCsv() throws IOException {
        FileExportAdapter export = new FileExportAdapter(dir);

        String reference = export.deliver(stored(1, "INV-US01-000001", invoice("SHP-9001", "SO-50001")));

        assertThat(reference).isEqualTo("file:invoice/INV-US01-000001.csv,journal/INV-US01-000001.csv");
        assertThat(Files.readAllLines(dir.resolve("invoice/INV-US01-000001.csv"))).containsExactly(
                FileExportAdapter.INVOICE_HEADER,
                "INV-US01-000001,INVOICE,US01,CUST-1001,USD,2026-11-26,SO-50001,SHP-9001,1,MUG-RED,36,EA,4.95,178.20,0.08,14.26,443.02");
        assertThat(Files.readAllLines(dir.resolve("journal/INV-US01-000001.csv"))).containsExactly(
                FileExportAdapter.JOURNAL_HEADER,
                "INV-US01-000001,AR_INVOICE,US01,USD,2026-11-26,2026-11,SHP-9001,1,1100,443.02,0,,",
                "INV-US01-000001,AR_INVOICE,US01,USD,2026-11-26,2026-11,SHP-9001,2,4000,0,410.20,,\"MUG-RED, red, 36 EA\"",
                "INV-US01-000001,AR_INVOICE,US01,USD,2026-11-26,2026-11,SHP-9001,3,2200,0,32.82,,");
        assertThat(export.confirms()).isFalse();
    }

    @Test
    void deliveringADocumentAgainWritesNothingTwiceAndLeavesNoTemporaryFile() throws IOException {
        FileExportAdapter export = new FileExportAdapter(dir);
        export.deliver(stored(2, "JE-US01-000001", cogs("SHP-9001", "SO-50001")));
        Path file = dir.resolve("journal/JE-US01-000001.csv");
        // Mark the file as the importer might see it: a second delivery must not replace it.
        Files.writeString(file, "already picked up\n");

        String again = export.deliver(stored(2, "JE-US01-000001", cogs("SHP-9001", "SO-50001")));

        assertThat(again).isEqualTo("file:journal/JE-US01-000001.csv");
        assertThat(Files.readString(file)).isEqualTo("already picked up\n");
        assertThat(Files.exists(dir.resolve("invoice"))).isFalse();
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .containsExactly("JE-US01-000001.csv");
        }
    }
}
