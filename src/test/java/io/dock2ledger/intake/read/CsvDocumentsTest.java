package io.dock2ledger.intake.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.dock2ledger.canonical.CanonicalJson;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.HubException;
import io.dock2ledger.support.OpenFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvDocumentsTest {

    private final CsvDocuments csv = new CsvDocuments(CanonicalJson.newMapper());

    @TempDir
    Path dir;

    @Test
    void consecutiveRowsWithTheSameKeyFormOneDocument() throws IOException {
        Path file = write("""
                shipment_id,item,qty
                S1,A,1
                S1,B,2
                S2,A,3
                """);
        assertThat(csv.check(file, "shipment_id")).isEqualTo(2);
        List<JsonNode> docs = all(csv.documents(file, "shipment_id"));
        assertThat(docs).hasSize(2);
        assertThat(docs.get(0).get("rows")).hasSize(2);
        assertThat(docs.get(0).get("rows").get(1).get("item").asText()).isEqualTo("B");
        assertThat(docs.get(1).get("rows").get(0).get("qty").asText()).isEqualTo("3");
    }

    @Test
    void documentsClosedBeforeTheirEndCloseTheFile() throws IOException {
        Path file = write("""
                shipment_id,item,qty
                S1,A,1
                S2,A,2
                S3,A,3
                """);
        Iterator<JsonNode> documents = csv.documents(file, "shipment_id");
        documents.next();
        assertThat(OpenFiles.of(file)).isEqualTo(1);

        assertThat(documents).isInstanceOf(Closeable.class);
        ((Closeable) documents).close();

        assertThat(OpenFiles.of(file)).as("the split that stops at a failure closes what it iterates").isZero();
        assertThat(documents.hasNext()).isFalse();
    }

    @Test
    void rowWithTooManyFieldsIsMalformedAndNamesTheLine() throws IOException {
        Path file = write("""
                shipment_id,item,qty
                S1,A,1
                S1,B,2,surprise
                """);
        assertThatThrownBy(() -> csv.check(file, "shipment_id"))
                .isInstanceOf(HubException.class)
                .satisfies(e -> assertThat(((HubException) e).category()).isEqualTo(ExceptionCategory.MALFORMED_FILE))
                .hasMessageContaining("line 3");
    }

    @Test
    void rowWithTooFewFieldsIsMalformed() throws IOException {
        Path file = write("""
                shipment_id,item,qty
                S1,A
                """);
        assertThatThrownBy(() -> csv.check(file, "shipment_id")).isInstanceOf(HubException.class);
    }

    @Test
    void missingKeyColumnIsMalformedAndListsTheColumnsFound() throws IOException {
        Path file = write("""
                id,item,qty
                S1,A,1
                """);
        assertThatThrownBy(() -> csv.check(file, "shipment_id"))
                .isInstanceOf(HubException.class)
                .hasMessageContaining("no column 'shipment_id'")
                .hasMessageContaining("id, item, qty");
    }

    @Test
    void documentSplitAcrossTheFileIsMalformed() throws IOException {
        Path file = write("""
                shipment_id,item,qty
                S1,A,1
                S2,A,1
                S1,B,1
                """);
        assertThatThrownBy(() -> csv.check(file, "shipment_id"))
                .isInstanceOf(HubException.class)
                .hasMessageContaining("S1")
                .hasMessageContaining("not together");
    }

    @Test
    void headerWithoutRowsIsMalformed() throws IOException {
        Path file = write("shipment_id,item,qty\n");
        assertThatThrownBy(() -> csv.check(file, "shipment_id")).hasMessageContaining("no rows");
    }

    @Test
    void emptyKeyIsMalformed() throws IOException {
        Path file = write("""
                shipment_id,item,qty
                ,A,1
                """);
        assertThatThrownBy(() -> csv.check(file, "shipment_id")).hasMessageContaining("is empty");
    }

    private Path write(String content) throws IOException {
        Path file = dir.resolve("f.csv");
        Files.writeString(file, content);
        return file;
    }

    private static List<JsonNode> all(Iterator<JsonNode> it) {
        List<JsonNode> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }

    /** The check's memory of passed keys (a 1 GB file holds millions): every key added is known, no other is. */
    @Test
    void passedKeysAreRememberedAsHashesWithoutLosingOrInventingAny() {
        CsvDocuments.FinishedKeys keys = new CsvDocuments.FinishedKeys();
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            keys.add("SHP-" + i);
        }
        keys.add("SHP-0"); // again: no second entry, still known
        List<String> forgotten = new ArrayList<>();
        List<String> invented = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!keys.contains("SHP-" + i)) {
                forgotten.add("SHP-" + i);
            }
            if (keys.contains("SHP-" + (n + i))) {
                invented.add("SHP-" + (n + i));
            }
        }
        assertThat(forgotten).isEmpty();
        assertThat(invented).isEmpty();
        assertThat(keys.contains("")).isFalse();
    }
}
