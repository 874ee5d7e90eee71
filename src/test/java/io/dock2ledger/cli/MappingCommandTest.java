package io.dock2ledger.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The mapping developer loop prints the canonical events of every demo file, and says clearly what is wrong. */
class MappingCommandTest {

    private static MappingRun run;

    @BeforeAll
    static void project() {
        run = MappingRun.fromProject(Path.of("config"), Path.of("mappings"),
                Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "acme-3pl, shipments_SHP-9001.csv, shipment.confirmed, SHP-9001, 'MUG-RED 36 EA|KETTLE-1L 8 EA'",
            "acme-3pl, 945_SHP-9002.x12, shipment.confirmed, SHP-9002, 'TEA-EARL 96 EA|MUG-BLU 12 EA'",
            "acme-3pl, 944_RCV-3001.x12, goods.received, RCV-3001, 'MUG-RED 240 EA|MUG-BLU 240 EA'",
            "acme-3pl, 947_ADJ-4001.x12, inventory.adjusted, ADJ-4001, 'KETTLE-1L -6 EA|MUG-RED 2 EA'",
            "wh-east, return_RMA-80001.json, return.received, RMA-80001, 'MUG-RED 6 EA'",
            "wh-east, transfer_TRF-1101_shipped.json, transfer.shipped, TRF-1101, 'MUG-RED 48 EA'",
            "wh-east, transfer_TRF-1101_received.json, transfer.received, TRF-1101, 'MUG-RED 48 EA'",
    })
    void printsTheCanonicalEventsOfEveryDemoFile(String partner, String file, String type, String document,
                                                  String lines) {
        Output output = execute(partner, "config/demo/inbound/" + partner + "/" + file);

        assertThat(output.exitCode).as(output.text).isZero();
        assertThat(output.text).contains("1 canonical event(s), 0 problem(s)")
                .contains("\"type\" : \"" + type + "\"")
                .contains("\"documentId\" : \"" + document + "\"")
                .doesNotContain("PROBLEM");
        for (String line : lines.split("\\|")) {
            String[] parts = line.split(" ");
            assertThat(output.text).contains("\"sku\" : \"" + parts[0] + "\"")
                    .contains("\"baseQuantity\" : \"" + parts[1] + "\"");
        }
    }

    @Test
    void printsBothChargesOfTheCarrierFeed() {
        Output output = execute("carrier-feed", "config/demo/inbound/carrier-feed/charges_2026-11-27.csv");

        assertThat(output.exitCode).as(output.text).isZero();
        assertThat(output.text).contains("2 document(s), 2 canonical event(s), 0 problem(s)")
                .contains("\"documentId\" : \"FRT-6001\"").contains("\"documentId\" : \"DTY-6002\"")
                .contains("\"amount\" : \"75.00\"").contains("\"amount\" : \"57.00\"")
                .contains("\"receipt\" : \"RCV-3001\"");
    }

    @Test
    void printsTheAcknowledgmentTheHubWouldSend() {
        Output output = execute("acme-3pl", "config/demo/inbound/acme-3pl/945_SHP-9002.x12");

        assertThat(output.text).contains("acknowledgment the hub would write to the outbox: 997 acme-3pl_997_");
    }

    @Test
    void printsMasterDataProblemsAndExitsWithOne(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("shipments_SHP-X.csv"), """
                shipment_id,order_id,ship_date,ship_from,ship_to_customer,line_no,item,qty,uom,lot,carrier,tracking
                SHP-X,SO-50001,2026-11-26T14:05:00-05:00,NJ1,CUST-1001,1,ACM-9999,3,CA,,UPSN,1Z
                """);

        Output output = execute("acme-3pl", file.toString());

        assertThat(output.exitCode).isEqualTo(1);
        assertThat(output.text).contains("PROBLEM UNKNOWN_ITEM").contains("ACM-9999");
    }

    @Test
    void printsSchemaProblems(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("return_RMA-X.json"), """
                {"type": "return.received", "id": "r-1", "warehouse": "WH-EAST", "occurredAt": "2026-11-27T09:12:44Z",
                 "rma": "RMA-80001", "lines": [{"sku": "MUG-RED", "quantity": 6, "uom": "EA", "disposition": "LOST"}]}
                """);

        Output output = execute("wh-east", file.toString());

        assertThat(output.exitCode).isEqualTo(1);
        assertThat(output.text).contains("PROBLEM SCHEMA_INVALID").contains("disposition");
    }

    @Test
    void anAsnWhoseHlTreeIsBrokenIsRefusedWithTheHlAtFault(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String sample = Files.readString(Path.of("mappings/acme-3pl/samples/x12-856.input.x12"));
        // The pack level names a parent that comes after it: items would otherwise be filed under no order, or loop.
        Path orphan = Files.writeString(dir.resolve("856_orphan.x12"), sample.replace("HL*3*2*P~", "HL*3*5*P~"));
        Path twice = Files.writeString(dir.resolve("856_twice.x12"), sample.replace("HL*5*3*I~", "HL*4*3*I~"));

        Output orphanOutput = execute("acme-3pl", orphan.toString());
        Output twiceOutput = execute("acme-3pl", twice.toString());

        assertThat(orphanOutput.exitCode).isEqualTo(1);
        assertThat(orphanOutput.text).contains("PROBLEM MAPPING_FAILED")
                .contains("856 ASN-9103: HL 3 names parent HL 5, which is not an earlier HL of the set");
        assertThat(twiceOutput.text).contains("856 ASN-9103: HL id 4 is used twice");
    }

    @Test
    void anInventoryReportOfReceiptsOnlyGivesNoEventAndNoProblem() {
        Output output = execute("acme-3pl", "mappings/acme-3pl/samples/edifact-INVRPT-receipts-only.input.edifact");

        assertThat(output.exitCode).as(output.text).isZero();
        assertThat(output.text).contains("1 document(s), 0 canonical event(s), 0 problem(s)")
                .contains("no event: the mapping returns [] (the document carries nothing for finance)");
    }

    @Test
    void saysWhichFilePatternsExistWhenNoneMatches() {
        Output output = execute("acme-3pl", "config/demo/inbound/wh-east/return_RMA-80001.json");

        assertThat(output.exitCode).isEqualTo(2);
        assertThat(output.text).contains("matches none of the file patterns").contains("shipments_*.csv");
    }

    private static Output execute(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int exit = new MappingCommand(run, out).execute(args);
        return new Output(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    private record Output(int exitCode, String text) {
    }
}
