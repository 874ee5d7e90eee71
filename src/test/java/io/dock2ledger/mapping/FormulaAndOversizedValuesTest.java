package io.dock2ledger.mapping;

import io.dock2ledger.canonical.CanonicalJson;
import io.dock2ledger.cli.MappingRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finding 6: a CSV row whose shipment_id was {@code =cmd|' /C calc'!A0} posted an invoice and a journal with that
 * source document, and formula text in lot and tracking was accepted too. Values that can reach a finance document,
 * the ERP or an export are held to the canonical schema's safe character set and length; a violation is a
 * SCHEMA_INVALID problem naming the field, and no event comes out.
 */
class FormulaAndOversizedValuesTest {

    private static final String HEADER =
            "shipment_id,order_id,ship_date,ship_from,ship_to_customer,line_no,item,qty,uom,lot,carrier,tracking\n";

    private static MappingRun run;

    @TempDir
    Path dir;

    @BeforeAll
    static void project() {
        run = MappingRun.fromProject(Path.of("config"), Path.of("mappings"),
                Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC));
    }

    @AfterAll
    static void closeMappingRun() {
        run.close();
    }

    @Test
    void formulaAsShipmentIdIsRefusedNamingTheField() throws IOException {
        MappingRun.FileResult result = shipment("=cmd|' /C calc'!A0", "L2611A", "1Z999AA10123456784");

        assertThat(result.events()).isEmpty();
        assertThat(result.problems()).singleElement().asString()
                .startsWith("SCHEMA_INVALID")
                .contains("/source/documentId");
    }

    @ParameterizedTest
    @ValueSource(strings = {"=1+1", "+1+1", "-1+1", "@SUM(A1)", "=HYPERLINK(x)"})
    void formulaInLotOrTrackingIsRefusedNamingTheField(String formula) throws IOException {
        MappingRun.FileResult lot = shipment("SHP-F1", formula, "1Z999AA10123456784");
        MappingRun.FileResult tracking = shipment("SHP-F2", "L2611A", formula);

        assertThat(lot.events()).isEmpty();
        assertThat(lot.problems()).singleElement().asString().startsWith("SCHEMA_INVALID").contains("/lines/0/lot");
        assertThat(tracking.events()).isEmpty();
        assertThat(tracking.problems()).singleElement().asString().startsWith("SCHEMA_INVALID")
                .contains("/lines/0/tracking");
    }

    @Test
    void overlongDocumentIdIsRefusedNamingTheField() throws IOException {
        MappingRun.FileResult result = shipment("SHP-" + "9".repeat(200), "L2611A", "1Z9");

        assertThat(result.events()).isEmpty();
        assertThat(result.problems()).singleElement().asString().startsWith("SCHEMA_INVALID")
                .contains("/source/documentId");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\tRMA-80001", "\rRMA-80001", "RMA-80001\n=1+1", "=RMA-80001"})
    void tabCarriageReturnOrFormulaInAJsonReferenceIsRefused(String rma) throws IOException {
        String json = Files.readString(Path.of("mappings/wh-east/samples/return.input.json"))
                .replace("\"RMA-80001\"", CanonicalJson.newMapper().writeValueAsString(rma));
        Path file = dir.resolve("return_RMA-80001.json");
        Files.writeString(file, json, StandardCharsets.UTF_8);

        MappingRun.FileResult result = run.run("wh-east", "return", file);

        assertThat(result.events()).isEmpty();
        assertThat(String.join("\n", result.problems())).contains("SCHEMA_INVALID").contains("/references/rma");
    }

    @Test
    void theDemoShipmentStillMapsWithItsLotAndTracking() throws IOException {
        MappingRun.FileResult result = shipment("SHP-9001", "L2611A", "1Z999AA10123456784");

        assertThat(result.problems()).isEmpty();
        assertThat(result.events()).singleElement()
                .satisfies(e -> assertThat(e.lines().get(0).tracking()).isEqualTo("1Z999AA10123456784"));
    }

    private MappingRun.FileResult shipment(String id, String lot, String tracking) throws IOException {
        Path file = dir.resolve("shipments_test.csv");
        Files.writeString(file, HEADER + id + ",SO-50001,2026-11-26T14:05:00-05:00,NJ1,CUST-1001,1,ACM-0001,3,CA,"
                + lot + ",UPSN," + tracking + "\n", StandardCharsets.UTF_8);
        return run.run("acme-3pl", "shipment-csv", file);
    }
}
