package io.dock2ledger.fuzz;

import io.dock2ledger.mapping.MappingRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** Inputs the fuzzing (ParserFuzzTest) found to break a rule, kept as plain examples beside their fixes. */
class FuzzFoundExamplesTest {

    @TempDir
    Path dir;

    /**
     * Seed 5943180526305357156 (everyFileOfEveryFormatIsReadOrRefusedWithAReason, 20,000 tries): a segment terminator
     * inserted after {@code NAD} in acme-3pl's DESADV. The rejection read {@code "EDI_REJECTED:  : Segment NAD ..."}:
     * the set was named by an empty type and control number, so the reason (and the .reason file and exception
     * written from it) did not say which message was refused.
     */
    @Test
    void rejectedEdifactMessageIsNamedInItsReason() throws IOException {
        String desadv = Files.readString(Path.of("mappings/acme-3pl/samples/edifact-DESADV.input.edifact"))
                .replace("NAD+ST+", "NAD'ST+");
        Path file = dir.resolve("fuzz.edifact");
        Files.writeString(file, desadv);

        MappingRun.FileResult result = MappingRun.fromProject(Path.of("config"), Path.of("mappings"),
                Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC)).run("acme-3pl", "edifact", file);

        assertThat(result.events()).isEmpty();
        assertThat(result.problems()).isNotEmpty().allSatisfy(problem -> assertThat(problem)
                .matches("(?s)[A-Z_]+: \\S.*")
                .doesNotContain(":  :"));
    }
}
