package io.dock2ledger.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.CanonicalJson;
import io.dock2ledger.cli.MappingRun;
import io.dock2ledger.partners.Partner;
import io.dock2ledger.partners.PartnerDocument;
import io.dock2ledger.partners.PartnerRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every mapping ships with a sample input and its expected canonical output beside it
 * ({@code mappings/<partner>/samples/<name>.input.<ext>} and {@code <name>.expected.json}); each sample is run through
 * the hub's own path (reader, mapping, enrichment against the seed master data, schema validation) and must give
 * exactly the expected events. Ignored: receivedAt and source.rawFileId (set on arrival), and the event id when the
 * expected file has none (then the hub derives it from the content).
 */
class MappingSamplesTest {

    private static final Path MAPPINGS = Path.of("mappings");
    private static final ObjectMapper JSON = CanonicalJson.newMapper();

    private static MappingRun run;
    private static PartnerRegistry partners;

    @BeforeAll
    static void project() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
        run = MappingRun.fromProject(Path.of("config"), MAPPINGS, clock);
        partners = new PartnerRegistry(Path.of("config/partners"));
    }

    @AfterAll
    static void closeMappingRun() {
        run.close();
    }

    @TestFactory
    Stream<DynamicTest> everySampleMapsToItsExpectedEvents() throws IOException {
        return samples().stream().map(input -> DynamicTest.dynamicTest(MAPPINGS.relativize(input).toString(), () -> {
            String partner = MAPPINGS.relativize(input).getName(0).toString();
            String sample = sampleName(input);
            MappingRun.FileResult result = run.run(partner, documentFor(partner, sample).name(), input);

            assertThat(result.problems()).as("problems of " + input).isEmpty();
            JsonNode expected = JSON.readTree(input.resolveSibling(sample + ".expected.json").toFile());
            assertThat(comparable(result.events(), expected)).isEqualTo(expected);
        }));
    }

    @Test
    void everyMappingOfEveryPartnerHasASample() throws IOException {
        Set<String> sampled = new HashSet<>();
        for (Path input : samples()) {
            String partner = MAPPINGS.relativize(input).getName(0).toString();
            MappingRun.FileResult result = run.run(partner, documentFor(partner, sampleName(input)).name(), input);
            result.documents().forEach(d -> sampled.add(partner + "/" + d.documentType()));
        }
        for (Partner partner : partners.all()) {
            for (PartnerDocument document : partner.documents()) {
                if (document.edi()) {
                    document.transactions().keySet().forEach(set ->
                            assertThat(sampled).as("sample for " + document.transactions().get(set))
                                    .contains(partner.id() + "/" + document.name() + "-" + set));
                } else {
                    assertThat(sampled).as("sample for " + document.mapping()).contains(partner.id() + "/" + document.name());
                }
            }
        }
    }

    @Test
    void everySampleHasItsExpectedOutput() throws IOException {
        for (Path input : samples()) {
            assertThat(input.resolveSibling(sampleName(input) + ".expected.json")).exists();
        }
    }

    /** The actual events as JSON, without what is set on arrival, in the expected file's terms. */
    private static ArrayNode comparable(List<CanonicalEvent> events, JsonNode expected) {
        ArrayNode actual = JSON.createArrayNode();
        for (int i = 0; i < events.size(); i++) {
            ObjectNode event = JSON.valueToTree(events.get(i));
            event.remove("receivedAt");
            ((ObjectNode) event.get("source")).remove("rawFileId");
            if (!expected.path(i).has("eventId")) {
                event.remove("eventId");
            }
            actual.add(event);
        }
        return actual;
    }

    /** The partner's document type a sample is for: its name, or its name followed by "-" (x12-945 is for x12). */
    private static PartnerDocument documentFor(String partner, String sample) {
        return partners.partner(partner).orElseThrow().documents().stream()
                .filter(d -> sample.equals(d.name()) || sample.startsWith(d.name() + "-"))
                .max(Comparator.comparingInt(d -> d.name().length()))
                .orElseThrow(() -> new AssertionError("sample " + sample + " of " + partner + " names no document type"));
    }

    private static String sampleName(Path input) {
        String name = input.getFileName().toString();
        return name.substring(0, name.indexOf(".input."));
    }

    private static List<Path> samples() throws IOException {
        try (Stream<Path> files = Files.walk(MAPPINGS)) {
            return files.filter(p -> p.getNameCount() > 2 && p.getParent().getFileName().toString().equals("samples"))
                    .filter(p -> p.getFileName().toString().contains(".input.")).sorted().toList();
        }
    }
}
