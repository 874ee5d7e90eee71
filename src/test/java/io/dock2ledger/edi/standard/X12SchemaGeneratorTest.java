package io.dock2ledger.edi.standard;

import io.dock2ledger.edi.syntax.EdiStandard;
import io.dock2ledger.edi.syntax.TransactionSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The X12 schemas are generated from the standard's tables (src/main/edi-tables/x12), never edited by hand: the
 * committed XML must be exactly what the generator makes of the committed tables, and every table must load.
 */
class X12SchemaGeneratorTest {

    private static final Path TABLES = Path.of("src/main/edi-tables/x12");
    private static final Path SCHEMAS = Path.of("src/main/resources/edi/schemas/x12");

    @Test
    void theCommittedSchemasAreWhatTheTablesGenerate() throws IOException {
        Map<String, String> generated = X12SchemaGenerator.generate(TABLES);

        try (Stream<Path> committed = Files.walk(SCHEMAS)) {
            assertThat(committed.filter(Files::isRegularFile).map(p -> SCHEMAS.relativize(p).toString().replace('\\', '/')))
                    .as("every X12 schema file comes from a table (run X12SchemaGenerator, see docs/edi.md)")
                    .containsExactlyInAnyOrderElementsOf(generated.keySet());
        }
        for (Map.Entry<String, String> file : generated.entrySet()) {
            assertThat(Files.readString(SCHEMAS.resolve(file.getKey()), StandardCharsets.UTF_8))
                    .as(file.getKey() + " differs from its table: regenerate with X12SchemaGenerator")
                    .isEqualTo(file.getValue());
        }
    }

    @Test
    void everyGeneratedSetLoadsInStaedi() {
        TransactionSchemas schemas = new TransactionSchemas();
        X12SchemaGenerator.generate(TABLES).keySet().stream().filter(p -> !p.contains("_segments")).forEach(path -> {
            String release = path.substring(0, path.indexOf('/'));
            String set = path.substring(path.indexOf('/') + 1, path.indexOf('.'));
            assertThat(schemas.choose(EdiStandard.X12, set, release).schema()).as(path).isPresent();
        });
    }

    @Test
    void theSupportedReleasesAreThoseWithTables() {
        TransactionSchemas schemas = new TransactionSchemas();
        assertThat(schemas.releasesOf("945")).containsExactly("003020", "004010", "005010", "005030");
        for (String set : new String[] {"940", "943", "944", "947", "856", "180", "210", "997"}) {
            assertThat(schemas.releasesOf(set)).as(set).containsExactly("004010", "005010");
        }
        assertThat(schemas.releasesOf("999")).as("the 999 first appears in 005010").containsExactly("005010");
    }

    @Test
    void aTableThatBreaksTheFormatIsRefusedWithItsLine(@TempDir Path dir) throws IOException {
        Files.copy(TABLES.resolve("dictionary.txt"), dir.resolve("dictionary.txt"));
        Files.createDirectories(dir.resolve("004010"));
        Files.writeString(dir.resolve("004010/945.table"), "heading\n010 ST M 1\n020 W06 M 1\nloop 0100 O 10\n"
                + "  040 N1 O 1\nend\n");
        assertThatThrownBy(() -> X12SchemaGenerator.generate(dir))
                .hasMessageContaining("004010/945.table:5: N1 opens a loop, so it is mandatory in it (M)");

        Files.writeString(dir.resolve("004010/945.table"), "heading\n020 W06 M 1\n010 ZZZ O 1\n");
        assertThatThrownBy(() -> X12SchemaGenerator.generate(dir)).hasMessageContaining("position 010 is not after");

        Files.writeString(dir.resolve("004010/945.table"), "heading\n020 W06 M 1\n030 ZZZ O 1\n");
        assertThatThrownBy(() -> X12SchemaGenerator.generate(dir)).hasMessageContaining("segment ZZZ is not in dictionary.txt");
    }
}
