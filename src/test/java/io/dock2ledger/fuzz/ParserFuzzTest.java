package io.dock2ledger.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.CanonicalJson;
import io.dock2ledger.canonical.CanonicalSchemas;
import io.dock2ledger.canonical.EventFingerprint;
import io.dock2ledger.cli.MappingRun;
import io.dock2ledger.config.HubProperties;
import io.dock2ledger.exceptions.HubException;
import io.dock2ledger.intake.PartnerInbox;
import io.dock2ledger.intake.PartnerMessages;
import io.dock2ledger.mapping.EventEnricher;
import io.dock2ledger.mapping.EventPreparation;
import io.dock2ledger.mapping.InboundDocument;
import io.dock2ledger.mapping.PartnerMappings;
import io.dock2ledger.masterdata.InMemoryMasterData;
import io.dock2ledger.masterdata.MasterDataSeed;
import io.dock2ledger.partners.PartnerDocument;
import io.dock2ledger.partners.PartnerRegistry;
import io.dock2ledger.support.TestScratch;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every parser entry of the hub fed hostile input: the CSV reader, the X12 and EDIFACT reader, the JSON body of a
 * webhook or queue message, and each partner mapping given arbitrary JSON. The property: nothing escapes but the hub's
 * own classified failure (a {@link HubException} with a category and a reason), and every reject says why. Anything
 * else would leave a file in the inbox for ever (a technical failure is retried, then the file is read again).
 * <p>
 * Tries per property: {@code jqwik.tries.default} (200 in the build, see pom.xml {@code fuzz.tries}); for a long run
 * {@code mvn -o test -Dtest='ParserFuzzTest' -Dfuzz.tries=100000}. A failing case is printed with its seed; keep its
 * input as an example test beside the fix.
 */
class ParserFuzzTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = CanonicalJson.newMapper();
    private static final MappingRun RUN = MappingRun.fromProject(Path.of("config"), Path.of("mappings"), CLOCK);
    private static final PartnerRegistry PARTNERS = new PartnerRegistry(Path.of("config/partners"));
    private static final EventPreparation PREPARATION = new EventPreparation(
            new PartnerMappings(Path.of("mappings"), JSON),
            new EventEnricher(new InMemoryMasterData(new MasterDataSeed(Path.of("config/masterdata")))),
            new CanonicalSchemas(Path.of("mappings/canonical")), new EventFingerprint(JSON), JSON, CLOCK);
    private static final Path WORK = scratch();

    /** A partner document type and the real files it is fuzzed from. */
    record Target(String partner, String document, String fileName, List<byte[]> seeds) {
    }

    record Case(Target target, byte[] content) {
        @Override
        public String toString() {
            return target.partner + "/" + target.document + " " + content.length + " bytes: "
                    + new String(content, 0, Math.min(content.length, 400), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    // ------------------------------------------------------------------ files: CSV, X12, EDIFACT, JSON

    @Property
    void everyFileOfEveryFormatIsReadOrRefusedWithAReason(@ForAll("files") Case c) throws IOException {
        Path file = WORK.resolve(c.target().fileName());
        Files.write(file, c.content());

        MappingRun.FileResult result = RUN.run(c.target().partner(), c.target().document(), file);

        assertThat(result.problems()).allSatisfy(ParserFuzzTest::isClassified);
        Statistics.collect(c.target().document(), result.problems().isEmpty() ? "read"
                : result.problems().get(0).substring(0, result.problems().get(0).indexOf(':')));
    }

    @Provide
    Arbitrary<Case> files() {
        List<Target> targets = List.of(
                target("acme-3pl", "shipment-csv", "shipments_fuzz.csv", "mappings/acme-3pl/samples/shipment-csv.input.csv",
                        "config/demo/inbound/acme-3pl/shipments_SHP-9001.csv"),
                target("carrier-feed", "charges-csv", "charges_fuzz.csv", "mappings/carrier-feed/samples/charges-csv.input.csv",
                        "config/demo/inbound/carrier-feed/charges_2026-11-27.csv"),
                target("acme-3pl", "x12", "fuzz.x12", samples("mappings/acme-3pl/samples", ".x12")),
                target("acme-3pl", "edifact", "fuzz.edifact", samples("mappings/acme-3pl/samples", ".edifact")),
                target("wh-east", "return", "return_fuzz.json", "mappings/wh-east/samples/return.input.json"),
                target("wh-east", "transfer-shipped", "transfer_fuzz_shipped.json",
                        "mappings/wh-east/samples/transfer-shipped.input.json"));
        return Arbitraries.of(targets).flatMap(t -> Mutations.of(t.seeds()).map(bytes -> new Case(t, bytes)));
    }

    // ------------------------------------------------------------------ the JSON body of a webhook or JMS message

    @Property
    void everyWebhookBodyIsAcceptedOrRefusedWithAReason(@ForAll("bodies") byte[] body) {
        PartnerMessages messages = new PartnerMessages(PARTNERS, new NotArchivingInbox(), JSON);

        classified(() -> {
            InboundDocument document = messages.receive("wh-east", "webhook", null, "fuzz", body);
            for (CanonicalEvent mapped : PREPARATION.map(document)) {
                PREPARATION.prepare(mapped);
            }
        });
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        return Mutations.of(List.of(read("mappings/wh-east/samples/return.input.json"),
                read("mappings/wh-east/samples/transfer-shipped.input.json"),
                read("mappings/wh-east/samples/transfer-received.input.json")));
    }

    // ------------------------------------------------------------------ every mapping fed arbitrary JSON

    @Property
    void everyMappingGivenArbitraryJsonMapsOrFailsWithAReason(@ForAll("mappings") String mapping,
                                                              @ForAll("documents") JsonNode content) {
        InboundDocument document = new InboundDocument("acme-3pl", "file", "fuzz", mapping, "raw-fuzz", content);

        classified(() -> {
            for (CanonicalEvent mapped : PREPARATION.map(document)) {
                PREPARATION.prepare(mapped);
            }
        });
    }

    @Provide
    Arbitrary<String> mappings() {
        List<String> all = new ArrayList<>();
        for (var partner : PARTNERS.all()) {
            for (PartnerDocument document : partner.documents()) {
                if (document.mapping() != null) {
                    all.add(document.mapping());
                }
                all.addAll(document.transactions().values());
            }
        }
        return Arbitraries.of(all.stream().distinct().sorted().toList());
    }

    @Provide
    Arbitrary<JsonNode> documents() {
        JsonNode csvRows = csvDocument();
        return Arbitraries.frequencyOf(
                Tuple.of(2, json(3)),
                Tuple.of(3, Combinators.combine(Arbitraries.of(csvRows), Arbitraries.integers().between(0, 40), json(1))
                        .as(ParserFuzzTest::replaceOneValue)),
                Tuple.of(1, json(1).map(v -> {
                    ObjectNode rows = JsonNodeFactory.instance.objectNode();
                    rows.putArray("rows").add(v);
                    return rows;
                })));
    }

    // ------------------------------------------------------------------ helpers

    private static Arbitrary<JsonNode> json(int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Arbitrary<String> texts = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20),
                Arbitraries.of("", "=cmd|' /C calc'!A0", "-1", "1e400", "NaN", "2026-13-45", "SO-50001", "ACM-0001",
                        "NJ1", "CA", "\t", "\r\n", "0", "-0.0000000001", "99999999999999999999999999.99"),
                Arbitraries.strings().withCharRange('0', '9').ofMinLength(1).ofMaxLength(5000));
        Arbitrary<JsonNode> leaves = Arbitraries.oneOf(
                texts.map(f::textNode),
                Arbitraries.integers().map(i -> (JsonNode) f.numberNode(i)),
                Arbitraries.bigDecimals().map(d -> (JsonNode) f.numberNode(d)),
                Arbitraries.of(f.numberNode(Double.MAX_VALUE), f.numberNode(new BigDecimal("1E+400")),
                        f.booleanNode(true), f.nullNode(), f.objectNode(), f.arrayNode()));
        if (depth == 0) {
            return leaves;
        }
        Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.of("rows", "segments", "lines", "type", "id", "sku",
                "quantity", "uom", "shipment_id", "order_id", "ship_date", "item", "qty", "lot", "tracking", "charge_id",
                "amount", "currency", "transaction", "interchange", "group", "W06", "W0601", "LX", "occurredAt",
                "warehouse", "rma", "customer"), Arbitraries.strings().alpha().ofMaxLength(6));
        Arbitrary<JsonNode> objects = Combinators.combine(keys.list().ofMaxSize(6), json(depth - 1).list().ofMaxSize(6))
                .as((k, v) -> {
                    ObjectNode node = f.objectNode();
                    for (int i = 0; i < Math.min(k.size(), v.size()); i++) {
                        node.set(k.get(i), v.get(i));
                    }
                    return node;
                });
        Arbitrary<JsonNode> arrays = json(depth - 1).list().ofMaxSize(5).map(v -> {
            ArrayNode node = f.arrayNode();
            v.forEach(node::add);
            return node;
        });
        return Arbitraries.frequencyOf(Tuple.of(3, leaves), Tuple.of(2, objects), Tuple.of(1, arrays));
    }

    /** The demo shipment as the CSV reader hands it to the mapping: {"rows": [...]}. */
    private static JsonNode csvDocument() {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        ArrayNode rows = document.putArray("rows");
        List<String> lines = new String(read("mappings/acme-3pl/samples/shipment-csv.input.csv")).lines().toList();
        String[] header = lines.get(0).split(",");
        for (String line : lines.subList(1, lines.size())) {
            String[] values = line.split(",", -1);
            ObjectNode row = rows.addObject();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], i < values.length ? values[i] : "");
            }
        }
        return document;
    }

    /** The document with its n-th value (counted over every row's fields) replaced. */
    private static JsonNode replaceOneValue(JsonNode document, int n, JsonNode replacement) {
        ObjectNode copy = document.deepCopy();
        int i = 0;
        for (JsonNode row : copy.path("rows")) {
            for (Map.Entry<String, JsonNode> field : row.properties()) {
                if (i++ == n) {
                    ((ObjectNode) row).set(field.getKey(), replacement);
                    return copy;
                }
            }
        }
        return copy;
    }

    private static void classified(Runnable intake) {
        try {
            intake.run();
        } catch (HubException e) {
            isClassified(e.category() + ": " + e.getMessage());
        }
    }

    /** A reject as the hub records it: CATEGORY: a reason that says something. */
    private static void isClassified(String problem) {
        assertThat(problem).matches("(?s)[A-Z_]+: \\S.*");
        assertThat(problem).doesNotContain(": null");
    }

    private static Target target(String partner, String document, String fileName, String... seeds) {
        return new Target(partner, document, fileName, Stream.of(seeds).map(ParserFuzzTest::read).toList());
    }

    private static Target target(String partner, String document, String fileName, List<byte[]> seeds) {
        return new Target(partner, document, fileName, seeds);
    }

    private static List<byte[]> samples(String folder, String extension) {
        try (Stream<Path> files = Files.list(Path.of(folder))) {
            return files.filter(p -> p.toString().endsWith(extension)).sorted().map(p -> read(p.toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(String path) {
        try {
            return Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path scratch() {
        return TestScratch.directory("dock2ledger-fuzz");
    }

    /** The message path without a database: archiving is PartnerInbox's job and is tested with the hub. */
    private static final class NotArchivingInbox extends PartnerInbox {

        NotArchivingInbox() {
            super(new HubProperties(WORK, Path.of("config"), Path.of("routes"), Path.of("mappings")), PARTNERS, null,
                    CLOCK);
        }

        @Override
        public String archiveMessage(String partnerId, String name, byte[] content) {
            return UUID.randomUUID().toString();
        }
    }
}
