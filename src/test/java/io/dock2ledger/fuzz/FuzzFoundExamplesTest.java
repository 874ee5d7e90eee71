package io.dock2ledger.fuzz;

import io.dock2ledger.cli.MappingRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** Inputs the fuzzing (ParserFuzzTest) found to break a rule, kept as plain examples beside their fixes. */
class FuzzFoundExamplesTest {

    /** One mapping run for every example: it reads each file with a fresh EDI reader, so files never clash. */
    private static MappingRun mappingRun;

    @BeforeAll
    static void startMappingRun() {
        mappingRun = MappingRun.fromProject(Path.of("config"), Path.of("mappings"),
                Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC));
    }

    @AfterAll
    static void closeMappingRun() {
        mappingRun.close();
    }

    @TempDir
    Path dir;

    /**
     * Found with 20,000 tries (everyFileOfEveryFormatIsReadOrRefusedWithAReason, shrunk by jqwik): a file that ends in
     * a UNB whose syntax identifier is hundreds of characters. Writing the CONTRL, which echoes it in its own UNB, threw BufferOverflowException
     * out of StAEDI's header buffer: not a classified failure, so the hub would retry the file for ever.
     */
    @ParameterizedTest
    @ValueSource(strings = {"UNA:+.? '\nUNB+%s:3+ACME3PL:ZZ+DOCKSIDE:ZZ+261127:1100+DES0131'",
            "UNA:+.? '\nUNB+%s:3+ACME3PL:ZZ+DOCKSIDE:ZZ+261127:1100+DES0131'\nUNH+1+DESADV:D:96A:UN:EAN005'",
            "UNA:+.? '\nUNB+UNOC:%s+ACME3PL:ZZ+DOCKSIDE:ZZ+261127:1100+DES0131'\nUNH+1+DESADV:D:96A:UN:EAN005'"})
    void hugeUnbSyntaxIdentifierIsRefusedWithAReason(String template) throws IOException {
        Path file = dir.resolve("fuzz.edifact");
        Files.writeString(file, template.formatted("A".repeat(700)));

        MappingRun.FileResult result = run(file);

        assertThat(result.events()).isEmpty();
        assertThat(result.problems()).isNotEmpty().allSatisfy(problem -> assertThat(problem).matches("(?s)[A-Z_]+: \\S.*"));
    }

    /**
     * Found with 20,000 tries after the CONTRL fix (shrunk by jqwik): an ISA whose segment terminator position holds
     * the first letter of a huge field, so 'A' was the declared terminator. The 997/TA1 was to be written with it and
     * StAEDI refused ("Invalid state"), an unclassified IllegalStateException.
     */
    @Test
    void isaDeclaringALetterAsSegmentTerminatorIsRefusedWithAReason() throws IOException {
        Path file = dir.resolve("fuzz.x12");
        Files.writeString(file, "ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*DOCKSIDE       *261127*1400*U"
                + "*00401*000000134*0*P*>" + "A".repeat(600));

        MappingRun.FileResult result = mappingRun.run("acme-3pl", "x12", file);

        assertThat(result.events()).isEmpty();
        assertThat(result.problems()).isNotEmpty().allSatisfy(problem -> assertThat(problem).matches("(?s)[A-Z_]+: \\S.*"));
    }

    /**
     * Found with 20,000 tries after the fix above: an ISA whose component separator (ISA16) is a NUL byte. StAEDI
     * refused to write it back in the 997/TA1 ("Invalid character: 0x0000 in segment ISA").
     */
    @Test
    void isaWithANulComponentSeparatorIsRefusedWithAReason() throws IOException {
        Path file = dir.resolve("fuzz.x12");
        String x12 = Files.readString(Path.of("mappings/acme-3pl/samples/x12-945.input.x12"));
        int isa16 = x12.indexOf("ISA") + 104; // fixed width: ISA16 is the 105th character
        Files.writeString(file, x12.substring(0, isa16) + '\u0000' + x12.substring(isa16 + 1));

        MappingRun.FileResult result = mappingRun.run("acme-3pl", "x12", file);

        assertThat(result.problems()).allSatisfy(problem -> assertThat(problem).matches("(?s)[A-Z_]+: \\S.*"));
    }

    /** Found with 20,000 tries: an X12 set whose ST01 (its type) is empty was named " 943" in the rejection. */
    @Test
    void x12SetWithoutATypeIsNamedInItsReason() throws IOException {
        Path file = dir.resolve("fuzz.x12");
        Files.writeString(file, Files.readString(Path.of("mappings/acme-3pl/samples/x12-945.input.x12"))
                .replace("ST*945*", "ST**"));

        MappingRun.FileResult result = mappingRun.run("acme-3pl", "x12", file);

        assertThat(result.problems()).isNotEmpty().allSatisfy(problem -> assertThat(problem)
                .matches("(?s)[A-Z_]+: \\S.*"));
    }

    private static MappingRun.FileResult run(Path file) {
        return mappingRun.run("acme-3pl", "edifact", file);
    }

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

        MappingRun.FileResult result = mappingRun.run("acme-3pl", "edifact", file);

        assertThat(result.events()).isEmpty();
        assertThat(result.problems()).isNotEmpty().allSatisfy(problem -> assertThat(problem)
                .matches("(?s)[A-Z_]+: \\S.*")
                .doesNotContain(":  :"));
    }
}
