package io.dock2ledger.partners;

import io.dock2ledger.masterdata.InMemoryMasterData;
import io.dock2ledger.masterdata.MasterDataSeed;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo registry (config/partners) reads, and says what each demo file, message and location is. */
class DemoPartnerRegistryTest {

    private final PartnerRegistry registry = new PartnerRegistry(Path.of("config/partners"));

    @Test
    void everyDemoFileMatchesADocumentTypeOfItsPartner() throws Exception {
        try (Stream<Path> files = Files.walk(Path.of("config/demo/inbound"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String partner = file.getParent().getFileName().toString();
                assertThat(registry.partner(partner).orElseThrow().documentForFile(file.getFileName().toString()))
                        .as(file.toString()).isPresent();
            }
        }
    }

    @Test
    void acmeDeclaresItsX12SetsIdentityAndAcknowledgments() {
        Partner acme = registry.partner("acme-3pl").orElseThrow();
        PartnerDocument x12 = acme.documentForFile("945_SHP-9002.x12").orElseThrow();

        assertThat(x12.edi()).isTrue();
        assertThat(x12.mappingFor("945")).contains("acme-3pl/x12-945.jsonata");
        assertThat(x12.mappingFor("947")).contains("acme-3pl/x12-947.jsonata");
        assertThat(x12.mappingFor("856")).contains("acme-3pl/x12-856.jsonata");
        assertThat(x12.mappingFor("846")).isEmpty();
        assertThat(acme.edi().isaQualifier()).isEqualTo("ZZ");
        assertThat(acme.edi().isaId()).isEqualTo("ACME3PL");
        assertThat(acme.edi().functionalAck()).isEqualTo("997");
        assertThat(acme.edi().wantsFunctionalAcks()).isTrue();
        assertThat(acme.sftp()).as("the SFTP login stays").isNotNull();
    }

    @Test
    void acmeTakes940sAndAWrongOutboundEntryIsRefusedWithTheReason(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        OutboundDocumentType orders = registry.partner("acme-3pl").orElseThrow().outboundDocument("940").orElseThrow();
        assertThat(orders.acknowledgmentWindow()).isEqualTo(java.time.Duration.ofHours(4));
        assertThat(orders.wantsTa1()).isFalse();
        assertThat(registry.partner("wh-east").orElseThrow().outboundDocument("940")).isEmpty();

        String acme = Files.readString(Path.of("config/partners/acme-3pl.yaml"));
        Files.writeString(dir.resolve("acme-810.yaml"), acme.replace("- type: \"940\"", "- type: \"810\""));
        Files.writeString(dir.resolve("acme-bad-window.yaml"), acme.replace("ackWithin: 4h", "ackWithin: soon"));
        Files.writeString(dir.resolve("no-edi.yaml"), "id: no-edi\noutbound:\n  - type: \"940\"\n");
        for (String file : List.of("acme-810.yaml", "acme-bad-window.yaml", "no-edi.yaml")) {
            Path single = Files.createDirectories(dir.resolve(file.replace(".yaml", "")));
            Files.move(dir.resolve(file), single.resolve(file));
        }

        assertThat(refusal(dir.resolve("acme-810"))).contains("outbound type '810' is not one the hub writes");
        assertThat(refusal(dir.resolve("acme-bad-window"))).contains("ackWithin 'soon' is not a duration");
        assertThat(refusal(dir.resolve("no-edi"))).contains("declares outbound documents but no edi.isaId");
    }

    private static String refusal(Path registryDir) {
        try {
            new PartnerRegistry(registryDir).all();
            throw new AssertionError("the registry in " + registryDir + " was accepted");
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    @Test
    void whEastMessagesAreTypedByTheirTypeFieldOrByTheSendersDeclaration() {
        Partner whEast = registry.partner("wh-east").orElseThrow();

        assertThat(whEast.channels()).containsExactlyInAnyOrder("file", "jms", "webhook");
        assertThat(whEast.queueName()).isEqualTo("dock2ledger.inbound.wh-east");
        assertThat(whEast.webhookSecretEnv()).isEqualTo("DOCK2LEDGER_WEBHOOK_SECRET_WH_EAST");
        assertThat(whEast.documentForMessage(null, "transfer.received").orElseThrow().name()).isEqualTo("transfer-received");
        assertThat(whEast.documentForMessage("return", "transfer.received").orElseThrow().name()).isEqualTo("return");
        assertThat(whEast.documentForMessage(null, "pallet.weighed")).isEmpty();
    }

    @Test
    void partnerLocationsAgreeWithTheWarehouseMasterData() {
        InMemoryMasterData masterData = new InMemoryMasterData(new MasterDataSeed(Path.of("config/masterdata")));
        for (Partner partner : registry.all()) {
            for (Map.Entry<String, String> location : partner.locations().entrySet()) {
                boolean own = masterData.warehouse(location.getKey()).isPresent()
                        && location.getKey().equals(location.getValue());
                boolean mapped = masterData.warehouseForPartnerLocation(partner.id(), location.getKey())
                        .map(w -> w.code().equals(location.getValue())).orElse(false);
                assertThat(own || mapped).as(partner.id() + " " + location).isTrue();
            }
        }
        assertThat(registry.all().stream().map(Partner::id).toList())
                .containsExactlyInAnyOrderElementsOf(List.of("acme-3pl", "wh-east", "carrier-feed"));
    }
}
