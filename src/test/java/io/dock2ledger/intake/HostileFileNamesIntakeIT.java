package io.dock2ledger.intake;

import io.dock2ledger.partners.PartnerFileNames;
import io.dock2ledger.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.dock2ledger.intake.PartnerFolderFiles.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Files copied straight onto the disk of an inbox (not through SFTP, which refuses these names) under names a partner
 * may not use: each is quarantined under a safe name with its reason and an owned exception, never left in the inbox.
 */
class HostileFileNamesIntakeIT extends HubIntegrationTest {

    private static final String CSV = """
            shipment_id,order_id,ship_date,ship_from,ship_to_customer,line_no,item,qty,uom,lot,carrier,tracking
            SHP-NAME1,SO-50003,2026-11-26T10:00:00-05:00,NJ1,CUST-1003,1,ACM-0330,1,CA,,UPSN,1Z1
            """;

    private final Path inbox = DATA_DIR.resolve("partners/acme-3pl/inbox");
    private final Path error = DATA_DIR.resolve("partners/acme-3pl/error");

    /** Finding 5: uploaded as inbox/shipments_a\nb.csv, never archived, never quarantined, no exception. */
    @Test
    void fileWithABackslashInItsNameIsQuarantinedNotStuck() {
        String name = "shipments_a\\nb.csv";
        drop("acme-3pl", name, CSV);

        assertQuarantined(name);
        assertThat(count("select count(*) from raw_file where file_name like 'shipments_a%nb.csv'")).isZero();
    }

    @Test
    void everyHostileNameDroppedOnTheDiskIsQuarantinedWithAReasonAndAnOwner() {
        Map<String, String> names = HostileFileNames.all();
        names.remove("backslash (finding 5)"); // its own test above drops it
        names.values().forEach(name -> drop("acme-3pl", name, CSV));

        names.forEach((what, name) -> assertQuarantined(name));
    }

    private void assertQuarantined(String name) {
        String safe = PartnerFileNames.safeVersion(name);
        String stem = safe.substring(0, safe.lastIndexOf('.') > 0 ? safe.lastIndexOf('.') : safe.length());
        await(PartnerFileNames.printable(name)).atMost(Duration.ofSeconds(30)).until(() ->
                !Files.exists(inbox.resolve(name)) && reasonFile(stem) != null);
        assertThat(read(reasonFile(stem))).as(PartnerFileNames.printable(name))
                .startsWith("FILE_NAME_REFUSED: File name '" + PartnerFileNames.printable(name) + "' refused")
                .hasLineCount(1);
        assertThat(PartnerFolderFiles.files(error, stem)).hasSize(2);
        assertThat(jdbc.queryForList("select category, owner, reason from hub_exception where partner = 'acme-3pl' "
                + "and source_document = ?", PartnerFileNames.printable(name)))
                .as(PartnerFileNames.printable(name))
                .singleElement()
                .satisfies(row -> {
                    assertThat(row.get("CATEGORY")).isEqualTo("FILE_NAME_REFUSED");
                    assertThat(row.get("OWNER")).isEqualTo("integration-team");
                    assertThat((String) row.get("REASON")).contains(safe.substring(0, safe.length() - 4));
                });
    }

    private Path reasonFile(String stem) {
        List<Path> found = PartnerFolderFiles.files(error, stem).stream()
                .filter(p -> p.getFileName().toString().endsWith(".reason")).toList();
        return found.isEmpty() ? null : found.get(0);
    }

}
