package io.dock2ledger.intake.sftp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dock2ledger.support.HubWithOwnConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worked example of docs/partners.md ("Worked example: a JSON-sending 3PL, end to end"), step by step against a
 * running hub: northwind-3pl's registry file, mapping and master-data rows are written AFTER the hub started (no
 * restart), its key is made with ssh-keygen, the sample is uploaded with OpenSSH's sftp, and the invoice posts with
 * the amounts the doc states. Every file comes from docs/examples/northwind-3pl/, the files the doc shows, so the
 * doc cannot drift from what is tested.
 */
class JsonPartnerOnboardingIT extends HubWithOwnConfig {

    private static final Path EXAMPLE = Path.of("docs", "examples", "northwind-3pl");
    private static final String KEY_PLACEHOLDER =
            "    - \"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA... northwind-3pl to dock2ledger\"";
    private static final Duration WITHIN = Duration.ofSeconds(60);

    @Override
    protected void assumePrerequisites() {
        OpenSshClient.assumeInstalled();
    }

    @Test
    void northwindIsOnboardedWhileTheHubRunsAndItsJsonShipmentPostsTheInvoice() throws IOException {
        // Step 1 of the example: the master-data rows (warehouse, item cross-references), appended to the seed files.
        for (String file : List.of("warehouses.csv", "partner_item_xref.csv")) {
            Files.readAllLines(EXAMPLE.resolve("masterdata").resolve(file), StandardCharsets.UTF_8).stream()
                    .skip(1).filter(line -> !line.isBlank()).forEach(line -> appendToMasterData(file, line));
        }
        await().atMost(WITHIN).until(() -> count("select count(*) from md_warehouse where warehouse = 'NW-PA' "
                + "and operator = 'northwind-3pl' and partner_location_code = 'ABE1'") == 1
                && count("select count(*) from md_partner_item_xref where partner = 'northwind-3pl'") == 2);

        // Step 2: the mapping and its sample, into mappings/northwind-3pl/.
        Path mappingSource = EXAMPLE.resolve("mappings").resolve("northwind-3pl");
        Path mappingTarget = Files.createDirectories(mappingsDir.resolve("northwind-3pl").resolve("samples"));
        for (String file : List.of("shipment-json.jsonata", "samples/shipment-json.input.json",
                "samples/shipment-json.expected.json")) {
            writeAtomically(mappingTarget.getParent().resolve(file), Files.readString(mappingSource.resolve(file)));
        }

        // Step 3: the partner's key pair, made as the partner does; the public line goes into the registry file.
        Path work = Files.createDirectories(dataDir.getParent().resolve("northwind-ops"));
        Path knownHosts = work.resolve("known_hosts");
        OpenSshClient client = new OpenSshClient(work, knownHosts);
        OpenSshClient.Result keygen = client.keygen("dock2ledger_northwind", "northwind-3pl to dock2ledger");
        assertThat(keygen.exitCode()).as(keygen.output()).isZero();
        Path key = work.resolve("dock2ledger_northwind");
        String publicKey = OpenSshClient.publicKeyOf(key);

        // Step 4: the registry file, the example's with the placeholder key line replaced by the real one.
        String registry = Files.readString(EXAMPLE.resolve("partners").resolve("northwind-3pl.yaml"));
        assertThat(registry).as("the example's registry file still has the key line the doc tells to replace")
                .contains(KEY_PLACEHOLDER);
        writeAtomically(configDir.resolve("partners").resolve("northwind-3pl.yaml"),
                registry.replace(KEY_PLACEHOLDER, "    - \"" + publicKey + "\""));

        await().atMost(WITHIN).until(() -> hub.getBean(org.apache.camel.CamelContext.class)
                .getRoute("partner-inbox-northwind-3pl") != null);

        // Step 5: upload the sample with OpenSSH sftp, under a temporary name, then rename (partners-sftp.md).
        EmbeddedSftpServer sftpServer = hub.getBean(EmbeddedSftpServer.class);
        Files.writeString(knownHosts, "[127.0.0.1]:" + sftpServer.port() + " " + sftpServer.hostKeyLine() + "\n");
        Files.copy(mappingSource.resolve("samples/shipment-json.input.json"), work.resolve("shipment-json.input.json"),
                StandardCopyOption.REPLACE_EXISTING);
        // The login exists once partner-routes-sync has read the new file: retry the (read-only) listing until then.
        await().atMost(WITHIN).until(() -> client.sftp("northwind-3pl", key, sftpServer.port(), "ls /").exitCode() == 0);
        OpenSshClient.Result upload = client.sftp("northwind-3pl", key, sftpServer.port(),
                "put shipment-json.input.json inbox/shipconf_NW-SC-000417.json.part",
                "rename inbox/shipconf_NW-SC-000417.json.part inbox/shipconf_NW-SC-000417.json");
        assertThat(upload.exitCode()).as(upload.output()).isZero();

        // Step 6: the invoice and the COGS journal, as the doc states them.
        await().atMost(WITHIN).until(() -> api("/api/v1/documents?source=NW-SC-000417").size() == 2);
        JsonNode docs = api("/api/v1/documents?source=NW-SC-000417");
        JsonNode invoice = docs.get(0);
        assertThat(invoice.get("kind").asText()).isEqualTo("INVOICE");
        assertThat(invoice.get("journalKind").asText()).isEqualTo("AR_INVOICE");
        assertThat(invoice.get("status").asText()).isEqualTo("POSTED");
        assertThat(invoice.get("entity").asText()).isEqualTo("US01");
        assertThat(invoice.get("postingDate").asText()).isEqualTo("2026-11-30");
        assertThat(invoice.get("counterparty").asText()).isEqualTo("CUST-1002");
        assertThat(invoice.get("orderRef").asText()).isEqualTo("SO-50002");
        assertThat(invoice.get("net").asText()).isEqualTo("382.80");
        assertThat(invoice.get("tax").asText()).isEqualTo("12.54");
        assertThat(invoice.get("total").asText()).isEqualTo("395.34");
        JsonNode lines = invoice.get("invoiceLines");
        assertThat(lines).hasSize(2);
        assertLine(lines.get(0), "TEA-EARL", "48", "5.50", "264.00", "6.60");
        assertLine(lines.get(1), "MUG-BLU", "24", "4.95", "118.80", "5.94");
        assertThat(byAccount(invoice)).isEqualTo(Map.of(
                "1100", new BigDecimal("395.34"), "4000", new BigDecimal("-382.80"), "2200", new BigDecimal("-12.54")));
        JsonNode cogs = docs.get(1);
        assertThat(cogs.get("journalKind").asText()).isEqualTo("COGS");
        assertThat(byAccount(cogs)).isEqualTo(Map.of("5000", new BigDecimal("206.40"), "1200", new BigDecimal("-206.40")));
        assertThat(jdbc.queryForObject("select total_amount from erp_if_invoice_header where source_document = ?",
                BigDecimal.class, "NW-SC-000417")).isEqualByComparingTo("395.34");

        // The canonical event is the sample's expected output (without what the hub adds per receipt).
        JsonNode event = api("/api/v1/events/" + invoice.get("eventId").asText());
        ObjectNode stored = (ObjectNode) event.get("event").deepCopy();
        stored.remove(List.of("eventId", "receivedAt"));
        ((ObjectNode) stored.get("source")).remove("rawFileId");
        JsonNode expected = json(Files.readString(mappingSource.resolve("samples/shipment-json.expected.json")));
        assertThat(stored).isEqualTo(((ArrayNode) expected).get(0));
        assertThat(event.get("audit").findValues("stage").stream().map(JsonNode::asText))
                .contains("RECEIVED", "MAPPED", "VALIDATED", "POSTED");

        // What the doc tells to look at, as the viewer account: the documents, the file's progress, the workbench.
        assertThat(get("/api/v1/documents?source=NW-SC-000417", "viewer", "dev-viewer").statusCode()).isEqualTo(200);
        JsonNode files = api("/api/v1/files?partner=northwind-3pl");
        assertThat(files).hasSize(1);
        JsonNode file = files.get(0);
        assertThat(file.get("fileName").asText()).isEqualTo("shipconf_NW-SC-000417.json");
        assertThat(file.get("total").asInt()).isEqualTo(1);
        assertThat(file.get("posted").asInt()).isEqualTo(1);
        assertThat(file.get("done").asBoolean()).isTrue();
        var workbench = get("/ops/files", "viewer", "dev-viewer");
        assertThat(workbench.statusCode()).isEqualTo(200);
        assertThat(workbench.body()).contains("shipconf_NW-SC-000417.json");

        // Nothing stopped, and the file left the partner's inbox for its archive.
        assertThat(count("select count(*) from hub_exception where source_document = 'NW-SC-000417'")).isZero();
        OpenSshClient.Result inbox = client.sftp("northwind-3pl", key, sftpServer.port(), "ls inbox");
        assertThat(inbox.listing()).isEmpty();
        try (var archived = Files.walk(dataDir.resolve("partners/northwind-3pl/archive"))) {
            assertThat(archived.map(path -> path.getFileName().toString()))
                    .anyMatch(name -> name.startsWith("shipconf_NW-SC-000417"));
        }
    }

    /** The worked example in docs/partners.md shows the example files as they are, so what it shows is what ran. */
    @Test
    void theDocShowsTheExampleFilesAsTested() throws IOException {
        String doc = Files.readString(Path.of("docs", "partners.md"));
        String section = doc.substring(doc.indexOf("## Worked example: a JSON-sending 3PL, end to end"),
                doc.indexOf("## Changes while the hub runs"));
        Path mappings = EXAMPLE.resolve("mappings").resolve("northwind-3pl");
        assertThat(section)
                .contains(withoutLeadingComments(Files.readString(EXAMPLE.resolve("partners/northwind-3pl.yaml"))))
                .contains(withoutLeadingComments(Files.readString(mappings.resolve("shipment-json.jsonata"))))
                .contains(Files.readString(mappings.resolve("samples/shipment-json.input.json")))
                .contains(Files.readString(mappings.resolve("samples/shipment-json.expected.json")));
        for (String file : List.of("warehouses.csv", "partner_item_xref.csv")) {
            Files.readAllLines(EXAMPLE.resolve("masterdata").resolve(file)).stream().skip(1)
                    .forEach(row -> assertThat(section).contains("\n" + row + "\n"));
        }
    }

    /** The file without its header comment ({@code #} lines of YAML, the leading block comment of JSONata). */
    private static String withoutLeadingComments(String text) {
        if (text.startsWith("/*")) {
            return text.substring(text.indexOf("*/\n") + 3);
        }
        return text.lines().dropWhile(line -> line.startsWith("#"))
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
    }

    private static void assertLine(JsonNode line, String sku, String qty, String price, String net, String tax) {
        assertThat(line.get("sku").asText()).isEqualTo(sku);
        assertThat(new BigDecimal(line.get("quantity").asText())).isEqualByComparingTo(qty);
        assertThat(line.get("uom").asText()).isEqualTo("EA");
        assertThat(new BigDecimal(line.get("unitPrice").asText())).isEqualByComparingTo(price);
        assertThat(line.get("net").asText()).isEqualTo(net);
        assertThat(line.get("tax").asText()).isEqualTo(tax);
    }

    private static Map<String, BigDecimal> byAccount(JsonNode document) {
        Map<String, BigDecimal> amounts = new TreeMap<>();
        for (JsonNode line : document.get("journalLines")) {
            BigDecimal signed = new BigDecimal(line.get("debit").asText()).subtract(new BigDecimal(line.get("credit").asText()));
            amounts.merge(line.get("account").asText(), signed, BigDecimal::add);
        }
        amounts.replaceAll((account, amount) -> amount.setScale(2));
        return amounts;
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        Path temporary = target.resolveSibling("." + target.getFileName() + ".edit");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
