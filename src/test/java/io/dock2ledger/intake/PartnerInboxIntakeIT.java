package io.dock2ledger.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.dock2ledger.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.dock2ledger.intake.PartnerFolderFiles.files;
import static io.dock2ledger.intake.PartnerFolderFiles.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What happens to files dropped into a partner inbox, before any posting: archive, quarantine, exceptions. */
class PartnerInboxIntakeIT extends HubIntegrationTest {

    @Test
    void malformedCsvIsQuarantinedWithItsReasonAndPostsNothing() {
        drop("acme-3pl", "shipments_SHP-BAD1.csv", """
                shipment_id,order_id,ship_date,ship_from,ship_to_customer,line_no,item,qty,uom,lot,carrier,tracking
                SHP-BAD1,SO-50003,2026-11-26T10:00:00-05:00,NJ1,CUST-1003,1,ACM-0330,1,CA,,UPSN,1Z1
                SHP-BAD1,SO-50003,2026-11-26T10:00:00-05:00,NJ1,CUST-1003,2,ACM-0107,1,EA,,UPSN,1Z1,unexpected
                """);

        Path error = DATA_DIR.resolve("partners/acme-3pl/error");
        await().atMost(Duration.ofSeconds(30)).until(() -> files(error, "shipments_SHP-BAD1").size() == 2);

        Path reason = files(error, "shipments_SHP-BAD1").stream().filter(p -> p.toString().endsWith(".reason")).findFirst().orElseThrow();
        assertThat(read(reason)).contains("MALFORMED_FILE").contains("line 3");
        assertThat(count("select count(*) from canonical_event where source_document = 'SHP-BAD1'")).isZero();
        assertThat(count("select count(*) from finance_document where source_document = 'SHP-BAD1'")).isZero();
        JsonNode open = api("/api/v1/exceptions?status=open");
        assertThat(open.findValues("sourceDocument").stream().map(JsonNode::asText))
                .contains("shipments_SHP-BAD1.csv");
        assertThat(files(DATA_DIR.resolve("partners/acme-3pl/inbox"), "shipments_SHP-BAD1")).isEmpty();
    }

    @Test
    void unknownItemRaisesAMasterDataExceptionAndTheFileIsStillArchived() {
        drop("acme-3pl", "shipments_SHP-UNK1.csv", """
                shipment_id,order_id,ship_date,ship_from,ship_to_customer,line_no,item,qty,uom,lot,carrier,tracking
                SHP-UNK1,SO-50003,2026-11-26T10:00:00-05:00,NJ1,CUST-1003,1,ACM-9999,1,EA,,UPSN,1Z2
                """);

        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("select count(*) from hub_exception where source_document = 'SHP-UNK1'") == 1);
        assertThat(jdbc.queryForMap("select category, owner, partner, reason, payload_ref from hub_exception where source_document = 'SHP-UNK1'"))
                .containsEntry("category", "UNKNOWN_ITEM")
                .containsEntry("owner", "master-data-team")
                .containsEntry("partner", "acme-3pl")
                .satisfies(row -> assertThat((String) row.get("reason")).contains("ACM-9999"))
                .satisfies(row -> assertThat((String) row.get("payload_ref")).startsWith("raw_file:"));
        assertThat(count("select count(*) from canonical_event where source_document = 'SHP-UNK1'")).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                !files(DATA_DIR.resolve("partners/acme-3pl/archive"), "shipments_SHP-UNK1").isEmpty());
        assertThat(count("select count(*) from raw_file where file_name = 'shipments_SHP-UNK1.csv'")).isEqualTo(1);
    }

    @Test
    void fileNoPartnerDocumentTypeMatchesIsQuarantined() {
        drop("acme-3pl", "invoices_2026.csv", "a,b\n1,2\n");

        Path error = DATA_DIR.resolve("partners/acme-3pl/error");
        await().atMost(Duration.ofSeconds(30)).until(() -> files(error, "invoices_2026").size() == 2);
        Path reason = files(error, "invoices_2026").stream().filter(p -> p.toString().endsWith(".reason")).findFirst().orElseThrow();
        assertThat(read(reason)).contains("UNKNOWN_DOCUMENT").contains("matches none of the document types");
    }

    @Test
    void halfWrittenUploadIsNotPickedUp() throws IOException {
        Path inbox = Files.createDirectories(DATA_DIR.resolve("partners/acme-3pl/inbox"));
        Path part = inbox.resolve("shipments_SHP-PART.csv.part");
        Files.writeString(part, "shipment_id,order_id\n");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> Files.exists(part));
        assertThat(count("select count(*) from raw_file where file_name like 'shipments_SHP-PART%'")).isZero();
        Files.delete(part);
    }
}
