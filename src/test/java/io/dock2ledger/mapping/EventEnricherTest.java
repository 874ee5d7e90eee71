package io.dock2ledger.mapping;

import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.EventLine;
import io.dock2ledger.canonical.EventSource;
import io.dock2ledger.canonical.References;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.HubException;
import io.dock2ledger.masterdata.InMemoryMasterData;
import io.dock2ledger.masterdata.MasterDataSeed;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventEnricherTest {

    private final EventEnricher enricher = new EventEnricher(
            new InMemoryMasterData(new MasterDataSeed(Path.of("config/masterdata"))));

    @Test
    void partnerTermsBecomeHubTerms() {
        CanonicalEvent enriched = enricher.enrich(shipment("2026-11-26T14:05:00-05:00", "NJ1",
                line("ACM-0001", "3", "CA"), line("ACM-0107", "8", "EA")));

        assertThat(enriched.warehouse()).isEqualTo("ACME-NJ");
        assertThat(enriched.businessDate()).isEqualTo(LocalDate.of(2026, 11, 26));
        assertThat(enriched.lines().get(0).sku()).isEqualTo("MUG-RED");
        assertThat(enriched.lines().get(0).baseQuantity()).isEqualByComparingTo("36");
        assertThat(enriched.lines().get(0).baseUom()).isEqualTo("EA");
        assertThat(enriched.lines().get(1).sku()).isEqualTo("KETTLE-1L");
        assertThat(enriched.lines().get(1).baseQuantity()).isEqualByComparingTo("8");
    }

    @Test
    void businessDateIsTheWarehouseLocalDate() {
        // 03:30 UTC on the 27th is still the evening of the 26th in Edison, NJ.
        CanonicalEvent enriched = enricher.enrich(shipment("2026-11-27T03:30:00Z", "NJ1", line("ACM-0001", "1", "EA")));
        assertThat(enriched.businessDate()).isEqualTo(LocalDate.of(2026, 11, 26));
    }

    @Test
    void unknownPartnerItemGoesToMasterData() {
        assertThatThrownBy(() -> enricher.enrich(shipment("2026-11-26", "NJ1", line("ACM-9999", "1", "EA"))))
                .isInstanceOf(HubException.class)
                .hasMessageContaining("ACM-9999")
                .satisfies(e -> assertThat(((HubException) e).category()).isEqualTo(ExceptionCategory.UNKNOWN_ITEM));
    }

    @Test
    void unitWithoutConversionGoesToMasterData() {
        assertThatThrownBy(() -> enricher.enrich(shipment("2026-11-26", "NJ1", line("ACM-0107", "1", "PL"))))
                .satisfies(e -> assertThat(((HubException) e).category()).isEqualTo(ExceptionCategory.UNKNOWN_UNIT))
                .hasMessageContaining("PL");
    }

    @Test
    void unknownLocationIsNotGuessed() {
        assertThatThrownBy(() -> enricher.enrich(shipment("2026-11-26", "NJ9", line("ACM-0001", "1", "EA"))))
                .satisfies(e -> assertThat(((HubException) e).category()).isEqualTo(ExceptionCategory.UNKNOWN_LOCATION));
    }

    @Test
    void aLocationOnlyTheRegistryNamesIsFoundThroughIt() {
        EventEnricher withRegistry = new EventEnricher(new InMemoryMasterData(new MasterDataSeed(Path.of("config/masterdata"))),
                partner -> partner.equals("acme-3pl") ? java.util.Map.of("NJ2", "ACME-NJ", "NJ3", "NOWHERE") : java.util.Map.of());

        assertThat(withRegistry.enrich(shipment("2026-11-26", "NJ2", line("ACM-0001", "1", "EA"))).warehouse())
                .isEqualTo("ACME-NJ");
        assertThatThrownBy(() -> withRegistry.enrich(shipment("2026-11-26", "NJ3", line("ACM-0001", "1", "EA"))))
                .hasMessageContaining("NOWHERE")
                .satisfies(e -> assertThat(((HubException) e).category()).isEqualTo(ExceptionCategory.UNKNOWN_LOCATION));
        assertThatThrownBy(() -> withRegistry.enrich(shipment("2026-11-26", "NJ9", line("ACM-0001", "1", "EA"))))
                .satisfies(e -> assertThat(((HubException) e).category()).isEqualTo(ExceptionCategory.UNKNOWN_LOCATION));
    }

    @Test
    void unknownOrderGoesToOrderManagement() {
        CanonicalEvent event = new CanonicalEvent(null, "shipment.confirmed", "1.0", source(), "2026-11-26", null,
                Instant.now(), null, "NJ1", new References("SO-99999", null, null, null, null, null, null, null, null, null, null),
                List.of(line("ACM-0001", "1", "EA")), null);
        assertThatThrownBy(() -> enricher.enrich(event))
                .satisfies(e -> assertThat(((HubException) e).category()).isEqualTo(ExceptionCategory.UNKNOWN_ORDER))
                .hasMessageContaining("SO-99999");
    }

    private static CanonicalEvent shipment(String businessTime, String location, EventLine... lines) {
        return new CanonicalEvent(null, "shipment.confirmed", "1.0", source(), businessTime, null, Instant.now(), null,
                location, new References("SO-50001", null, null, null, null, null, "CUST-1001", null, null, null, null),
                List.of(lines), null);
    }

    private static EventSource source() {
        return new EventSource("acme-3pl", null, "file", "shipment-csv", "SHP-TEST", null);
    }

    private static EventLine line(String partnerItem, String quantity, String uom) {
        return new EventLine(1, partnerItem, null, new BigDecimal(quantity), uom, null, null, null, null, null, null);
    }
}
