package io.dock2ledger.intake;

import io.dock2ledger.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.dock2ledger.intake.PartnerFolderFiles.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Finding 6 through the running hub: a formula as shipment id, lot or tracking posts nothing and is owned. */
class FormulaInjectionIntakeIT extends HubIntegrationTest {

    @Test
    void formulaValuesPostNothingAndEachIsASchemaExceptionNamingItsField() {
        drop("acme-3pl", "shipments_SHP-FORMULA.csv", """
                shipment_id,order_id,ship_date,ship_from,ship_to_customer,line_no,item,qty,uom,lot,carrier,tracking
                =cmd|' /C calc'!A0,SO-50003,2026-11-26T10:00:00-05:00,NJ1,CUST-1003,1,ACM-0330,1,CA,,UPSN,1Z1
                SHP-FLOT,SO-50003,2026-11-26T10:00:00-05:00,NJ1,CUST-1003,1,ACM-0330,1,CA,@SUM(A1),UPSN,1Z1
                SHP-FTRK,SO-50003,2026-11-26T10:00:00-05:00,NJ1,CUST-1003,1,ACM-0330,1,CA,,UPSN,=HYPERLINK(x)
                """);

        await().atMost(Duration.ofSeconds(30)).until(() ->
                !files(DATA_DIR.resolve("partners/acme-3pl/archive"), "shipments_SHP-FORMULA").isEmpty());
        assertThat(reason("=cmd|' /C calc'!A0")).contains("/source/documentId");
        assertThat(reason("SHP-FLOT")).contains("/lines/0/lot");
        assertThat(reason("SHP-FTRK")).contains("/lines/0/tracking");
        assertThat(count("select count(*) from finance_document where source_document in (?, ?, ?)",
                "=cmd|' /C calc'!A0", "SHP-FLOT", "SHP-FTRK")).isZero();
        assertThat(count("select count(*) from canonical_event where source_document in (?, ?, ?)",
                "=cmd|' /C calc'!A0", "SHP-FLOT", "SHP-FTRK")).isZero();
    }

    /**
     * Found while fuzzing: a document id longer than the exception table's source_document column (512) made the
     * exception insert fail inside the error handler, so the file was rolled back into the inbox and read again at
     * every poll, never archived and never owned.
     */
    @Test
    void documentIdOfThousandsOfCharactersIsAnOwnedExceptionNotAStuckFile() {
        String longId = "SHP-LONG" + "9".repeat(3000);
        drop("acme-3pl", "shipments_SHP-LONG.csv", """
                shipment_id,order_id,ship_date,ship_from,ship_to_customer,line_no,item,qty,uom,lot,carrier,tracking
                %s,SO-50003,2026-11-26T10:00:00-05:00,NJ1,CUST-1003,1,ACM-0330,1,CA,,UPSN,1Z1
                """.formatted(longId));

        await().atMost(Duration.ofSeconds(30)).until(() ->
                !files(DATA_DIR.resolve("partners/acme-3pl/archive"), "shipments_SHP-LONG").isEmpty());
        assertThat(jdbc.queryForObject("select source_document from hub_exception where category = 'SCHEMA_INVALID' "
                + "and source_document like 'SHP-LONG%'", String.class)).hasSize(512).endsWith("…");
        assertThat(files(DATA_DIR.resolve("partners/acme-3pl/inbox"), "shipments_SHP-LONG")).isEmpty();
    }

    private String reason(String documentId) {
        return jdbc.queryForObject("select reason from hub_exception where category = 'SCHEMA_INVALID' "
                + "and partner = 'acme-3pl' and source_document = ?", String.class, documentId);
    }
}
