package io.dock2ledger.intake;

import io.dock2ledger.cli.MappingRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The encodings and shapes partners' tools produce: each file either gives exactly the demo shipment's event or is
 * refused with a reason that says what is wrong with it.
 */
class PartnerFileEncodingsTest {

    private static final Path DEMO = Path.of("config/demo/inbound/acme-3pl/shipments_SHP-9001.csv");

    private static MappingRun run;

    @TempDir
    Path dir;

    @BeforeAll
    static void project() {
        run = MappingRun.fromProject(Path.of("config"), Path.of("mappings"),
                Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void utf8ByteOrderMarkIsReadAsText() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

        assertSameEventsAsTheDemo(concat(bom, Files.readAllBytes(DEMO)));
    }

    @Test
    void windowsLineEndingsAreRead() throws IOException {
        assertSameEventsAsTheDemo(demoText().replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void trailingBlankLinesAreIgnored() throws IOException {
        assertSameEventsAsTheDemo((demoText() + "\n\n\r\n\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void latin1BytesInAUtf8FileAreRefusedAsNotUtf8() throws IOException {
        byte[] latin1 = demoText().replace("UPSN", "UPS\u00c9").getBytes(StandardCharsets.ISO_8859_1);

        assertThat(problems(latin1)).singleElement().asString()
                .startsWith("MALFORMED_FILE")
                .contains("not UTF-8 text");
    }

    @Test
    void binaryJunkWithACsvNameIsRefusedAsNotText() throws IOException {
        byte[] junk = new byte[4096];
        new Random(8).nextBytes(junk);

        assertThat(problems(junk)).singleElement().asString()
                .startsWith("MALFORMED_FILE")
                .containsAnyOf("not UTF-8", "not a text file");
    }

    @Test
    void fileOfOnlyAHeaderIsRefusedAsHavingNoRows() throws IOException {
        String header = demoText().lines().findFirst().orElseThrow() + "\n";

        assertThat(problems(header.getBytes(StandardCharsets.UTF_8))).singleElement().asString()
                .startsWith("MALFORMED_FILE").contains("header but no rows");
    }

    @Test
    void headerWithBomCrlfAndTrailingBlankLinesAtOnceIsRead() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

        assertSameEventsAsTheDemo(concat(bom, (demoText().replace("\n", "\r\n") + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8)));
    }

    private void assertSameEventsAsTheDemo(byte[] content) throws IOException {
        MappingRun.FileResult demo = run.run("acme-3pl", "shipment-csv", DEMO);
        MappingRun.FileResult variant = run.run("acme-3pl", "shipment-csv", write(content));

        assertThat(variant.problems()).isEmpty();
        assertThat(variant.events()).hasSize(1);
        assertThat(variant.events().get(0).eventId()).isEqualTo(demo.events().get(0).eventId());
        assertThat(variant.events().get(0).lines()).isEqualTo(demo.events().get(0).lines());
    }

    private java.util.List<String> problems(byte[] content) throws IOException {
        MappingRun.FileResult result = run.run("acme-3pl", "shipment-csv", write(content));
        assertThat(result.events()).isEmpty();
        return result.problems();
    }

    private Path write(byte[] content) throws IOException {
        Path file = dir.resolve("shipments_variant.csv");
        Files.write(file, content);
        return file;
    }

    private static String demoText() throws IOException {
        return Files.readString(DEMO, StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
