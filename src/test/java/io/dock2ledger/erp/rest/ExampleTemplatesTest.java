package io.dock2ledger.erp.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.canonical.CanonicalJson;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static io.dock2ledger.erp.ErpFixtures.cogs;
import static io.dock2ledger.erp.ErpFixtures.creditMemo;
import static io.dock2ledger.erp.ErpFixtures.invoice;
import static io.dock2ledger.erp.ErpFixtures.stored;
import static org.assertj.core.api.Assertions.assertThat;

/** The example payload templates of config/erp/rest-example compile and carry the document's amounts unchanged. */
class ExampleTemplatesTest {

    private final ObjectMapper json = CanonicalJson.newMapper();
    private final PayloadTemplates templates = new PayloadTemplates(json, Path.of("config/erp/rest-example"));

    @Test
    void theInvoiceTemplateCarriesLinesAndTotalsAsDecimalStrings() throws Exception {
        JsonNode payload = json.readTree(templates.payload(stored(1, "INV-US01-000001", invoice("SHP-9001", "SO-50001"))));

        assertThat(payload.get("externalId").asText()).isEqualTo("INV-US01-000001");
        assertThat(payload.at("/entity/id").asText()).isEqualTo("CUST-1001");
        assertThat(payload.at("/item/items/0/rate").asText()).isEqualTo("4.95");
        assertThat(payload.at("/item/items/0/tax1Amt").asText()).isEqualTo("14.26");
        assertThat(payload.get("total").asText()).isEqualTo("443.02");
    }

    @Test
    void theCreditMemoAndJournalTemplatesApply() throws Exception {
        assertThat(json.readTree(templates.payload(stored(2, "CM-US01-000001", creditMemo("120.00")))).get("total")
                .asText()).isEqualTo("120.00");
        JsonNode journal = json.readTree(templates.payload(stored(3, "JE-US01-000001", cogs("SHP-9001", "SO-50001"))));
        assertThat(journal.at("/line/items/0/account/refName").asText()).isEqualTo("5000");
        assertThat(journal.at("/line/items/1/credit").asText()).isEqualTo("204.40");
        assertThat(journal.get("memo").asText()).isEqualTo("COGS SHP-9001");
    }
}
