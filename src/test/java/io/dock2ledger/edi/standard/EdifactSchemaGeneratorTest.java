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
 * The EDIFACT schemas are generated from the UN/EDIFACT directories' message tables (src/main/edi-tables/edifact),
 * never edited by hand: the committed XML must be exactly what the generator makes of the committed tables, and every
 * table must load.
 */
class EdifactSchemaGeneratorTest {

    private static final Path TABLES = Path.of("src/main/edi-tables/edifact");
    private static final Path SCHEMAS = Path.of("src/main/resources/edi/schemas/edifact");

    @Test
    void theCommittedSchemasAreWhatTheTablesGenerate() throws IOException {
        Map<String, String> generated = EdifactSchemaGenerator.generate(TABLES);

        try (Stream<Path> committed = Files.walk(SCHEMAS)) {
            assertThat(committed.filter(Files::isRegularFile).map(p -> SCHEMAS.relativize(p).toString().replace('\\', '/')))
                    .as("every EDIFACT schema file comes from a table (run EdifactSchemaGenerator, see docs/edi.md)")
                    .containsExactlyInAnyOrderElementsOf(generated.keySet());
        }
        for (Map.Entry<String, String> file : generated.entrySet()) {
            assertThat(Files.readString(SCHEMAS.resolve(file.getKey()), StandardCharsets.UTF_8))
                    .as(file.getKey() + " differs from its table: regenerate with EdifactSchemaGenerator")
                    .isEqualTo(file.getValue());
        }
    }

    @Test
    void everyGeneratedMessageLoadsInStaedi() {
        TransactionSchemas schemas = new TransactionSchemas();
        EdifactSchemaGenerator.generate(TABLES).keySet().stream().filter(p -> !p.contains("_segments")).forEach(path -> {
            String directory = path.substring(0, path.indexOf('/'));
            String message = path.substring(path.indexOf('/') + 1, path.indexOf('.'));
            String version = directory.substring(0, 1) + ":" + directory.substring(1) + ":UN";
            assertThat(schemas.choose(EdiStandard.EDIFACT, message, version).schema()).as(path).isPresent();
        });
    }

    @Test
    void theSupportedDirectoriesAreThoseWithTables() {
        TransactionSchemas schemas = new TransactionSchemas();
        for (String message : new String[] {"DESADV", "RECADV", "INVRPT"}) {
            assertThat(schemas.directoriesOf(message)).as(message).containsExactly("D96A", "D01B");
        }
        assertThat(TransactionSchemas.directory("DESADV:D:96A:UN:EAN005".substring(7))).isEqualTo("D96A");
        assertThat(TransactionSchemas.directory("d:01b:UN")).isEqualTo("D01B");
        assertThat(TransactionSchemas.directory("0:96A:UN")).as("no such directory: refused, not guessed")
                .isEqualTo("096A");
        assertThat(TransactionSchemas.directory(":96A:UN")).isEmpty();
    }

    @Test
    void aTableThatBreaksTheFormatIsRefusedWithItsLine(@TempDir Path dir) throws IOException {
        Files.copy(TABLES.resolve("dictionary.txt"), dir.resolve("dictionary.txt"));
        Files.createDirectories(dir.resolve("D96A"));
        Files.writeString(dir.resolve("D96A/DESADV.table"), "0010 UNH M 1\n0020 BGM M 1\n0030 SG1 C 10\n"
                + "  0040 RFF C 1\nend\n");
        assertThatThrownBy(() -> EdifactSchemaGenerator.generate(dir))
                .hasMessageContaining("D96A/DESADV.table:4: RFF opens group SG1, so it is a segment with status M");

        Files.writeString(dir.resolve("D96A/DESADV.table"), "0020 BGM M 1\n0010 DTM C 10\n");
        assertThatThrownBy(() -> EdifactSchemaGenerator.generate(dir)).hasMessageContaining("position 0010 is not after");

        Files.writeString(dir.resolve("D96A/DESADV.table"), "0020 BGM M 1\n0030 ZZZ C 1\n");
        assertThatThrownBy(() -> EdifactSchemaGenerator.generate(dir))
                .hasMessageContaining("segment ZZZ is not in dictionary.txt");

        Files.writeString(dir.resolve("D96A/DESADV.table"), "0020 BGM M 1\n0030 SG1 C 10\n  0040 RFF M 1\n");
        assertThatThrownBy(() -> EdifactSchemaGenerator.generate(dir)).hasMessageContaining("group SG1 has no 'end'");
    }
}
