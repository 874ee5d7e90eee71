package io.dock2ledger.intake;

import io.dock2ledger.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.dock2ledger.intake.PartnerFolderFiles.files;
import static io.dock2ledger.intake.PartnerFolderFiles.read;
import static io.dock2ledger.intake.PartnerFolderFiles.renumbered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * X12 files in a partner inbox: acknowledgments in the outbox, rejections and duplicates recorded with their reason,
 * several transaction sets of one file each mapped with its own mapping, non-EDI quarantined. Each test renumbers its
 * interchanges so that it does not collide with the demo files or another test in the shared hub.
 */
class EdiFileIntakeIT extends HubIntegrationTest {

    private static final Path FIXTURES = Path.of("src/test/resources/edi/fixtures");
    private static final Path ACME = Path.of("partners/acme-3pl");

    @Test
    void setWithWrongSegmentCountIsRejectedWithARejecting997AndAnExceptionAndPostsNothing() {
        Set<Path> before = outbox();
        drop("acme-3pl", "945_wrong_se01_900000001.x12", renumbered(FIXTURES.resolve("945_wrong_SE01.x12"),
                "000000101", "900000001", "SHP-9002", "SHP-E901"));

        await().atMost(Duration.ofSeconds(30)).until(() -> exceptions("EDI_REJECTED", "%900000001%").size() == 1);
        Map<String, Object> exception = exceptions("EDI_REJECTED", "%900000001%").get(0);
        assertThat((String) exception.get("source_document")).startsWith("945 0001 of X12 interchange 900000001");
        assertThat((String) exception.get("reason")).contains("SE01 says 12 segments but the transaction has 13");
        assertThat(exception.get("owner")).isEqualTo("integration-team");

        await().atMost(Duration.ofSeconds(10)).until(() -> newAcks(before).size() == 1);
        String ack = newAcks(before).get(0);
        assertThat(ack).contains("ST*997*").contains("AK2*945*0001").contains("AK5*R*4").contains("AK9*R*1*1*0");

        await().atMost(Duration.ofSeconds(10)).until(() ->
                files(DATA_DIR.resolve(ACME).resolve("error"), "945_wrong_se01_900000001").size() == 2);
        Path reason = files(DATA_DIR.resolve(ACME).resolve("error"), "945_wrong_se01_900000001").stream()
                .filter(p -> p.toString().endsWith(".reason")).findFirst().orElseThrow();
        assertThat(read(reason)).startsWith("EDI_REJECTED").contains("945 0001");
        assertThat(count("select count(*) from canonical_event where source_document = 'SHP-E901'")).isZero();
        assertThat(files(DATA_DIR.resolve(ACME).resolve("inbox"), "945_wrong_se01")).isEmpty();
    }

    @Test
    void duplicateInterchangeIsRecordedAnsweredWithARejectingTa1AndNotProcessedAgain() {
        String file = renumbered(FIXTURES.resolve("945_bom_crlf.x12"), "000000101", "900000002", "SHP-9002", "SHP-E902", "SO-50002", "SO-50004");
        drop("acme-3pl", "945_first_900000002.x12", file);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("select count(*) from canonical_event where source_document = 'SHP-E902'") == 1);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                !files(DATA_DIR.resolve(ACME).resolve("archive"), "945_first_900000002").isEmpty());
        Set<Path> before = outbox();

        drop("acme-3pl", "945_again_900000002.x12", file);

        await().atMost(Duration.ofSeconds(30)).until(() -> exceptions("DUPLICATE_INTERCHANGE", "%900000002%").size() == 1);
        assertThat((String) exceptions("DUPLICATE_INTERCHANGE", "%900000002%").get(0).get("reason"))
                .contains("Duplicate interchange").contains("900000002");
        await().atMost(Duration.ofSeconds(10)).until(() -> newAcks(before).size() == 1);
        assertThat(newAcks(before).get(0)).contains("TA1*900000002*").contains("*R*025");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                !files(DATA_DIR.resolve(ACME).resolve("error"), "945_again_900000002").isEmpty());
        assertThat(count("select count(*) from canonical_event where source_document = 'SHP-E902'")).isEqualTo(1);
        String eventId = jdbc.queryForObject("select event_id from canonical_event where source_document = 'SHP-E902'",
                String.class);
        assertThat(api("/api/v1/events/" + eventId).get("audit").findValuesAsText("stage"))
                .as("received once: the duplicate interchange was not read").containsOnlyOnce("RECEIVED");
    }

    @Test
    void fileWithA945AndA947IsMappedSetBySetAndEachInterchangeAcknowledged() {
        Set<Path> before = outbox();
        drop("acme-3pl", "mailbag_900000003.x12", renumbered(FIXTURES.resolve("mailbag_945_947.x12"),
                "000000101", "900000003", "000000104", "900000004", "SHP-9002", "SHP-E903", "ADJ-4001", "ADJ-E904",
                "SO-50002", "SO-50004"));

        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "select count(*) from canonical_event where source_document in ('SHP-E903', 'ADJ-E904')") == 2);
        assertThat(jdbc.queryForList("select event_type from canonical_event where source_document in ('SHP-E903', 'ADJ-E904') "
                + "order by event_type", String.class)).containsExactly("inventory.adjusted", "shipment.confirmed");
        assertThat(jdbc.queryForList("select document_type from canonical_event where source_document in ('SHP-E903', 'ADJ-E904') "
                + "order by document_type", String.class)).containsExactly("x12-945", "x12-947");
        await().atMost(Duration.ofSeconds(10)).until(() -> newAcks(before).size() == 2);
        assertThat(newAcks(before)).anySatisfy(a -> assertThat(a).contains("AK2*945*0001").contains("AK9*A"))
                .anySatisfy(a -> assertThat(a).contains("AK2|947|0001").contains("AK9|A"));
    }

    @Test
    void fileWithNothingEdiInItIsQuarantinedWithItsReason() {
        drop("acme-3pl", "garbage_900000005.x12", "this is not an EDI file, just text\n");

        await().atMost(Duration.ofSeconds(30)).until(() ->
                files(DATA_DIR.resolve(ACME).resolve("error"), "garbage_900000005").size() == 2);
        Path reason = files(DATA_DIR.resolve(ACME).resolve("error"), "garbage_900000005").stream()
                .filter(p -> p.toString().endsWith(".reason")).findFirst().orElseThrow();
        assertThat(read(reason)).startsWith("MALFORMED_FILE").contains("Not an EDI file");
        assertThat(exceptions("MALFORMED_FILE", "garbage_900000005.x12")).hasSize(1);
    }

    @Test
    void setFromAnotherSenderInThePartnersInboxIsRefused() {
        drop("acme-3pl", "945_other_sender_900000006.x12", renumbered(FIXTURES.resolve("945_bom_crlf.x12"),
                "000000101", "900000006", "SHP-9002", "SHP-E906", "ACME3PL        ", "OTHER3PL       ",
                "GS*SW*ACME3PL", "GS*SW*OTHER3PL"));

        await().atMost(Duration.ofSeconds(30)).until(() -> exceptions("EDI_REJECTED", "x12-945 in 945_other_sender%").size() == 1);
        assertThat((String) exceptions("EDI_REJECTED", "x12-945 in 945_other_sender%").get(0).get("reason"))
                .contains("sent by ZZ/OTHER3PL").contains("sends as ACME3PL");
        assertThat(count("select count(*) from canonical_event where source_document = 'SHP-E906'")).isZero();
    }

    @Test
    void setThePartnerDeclaresNoMappingForIsRecordedAsUnknownDocumentAndTheFileArchived() {
        String text = renumbered(FIXTURES.resolve("945_bom_crlf.x12"), "000000101", "900000007")
                .replace("ST*945*", "ST*846*").replace("GS*SW*", "GS*IB*");
        drop("acme-3pl", "846_900000007.x12", text);

        await().atMost(Duration.ofSeconds(30)).until(() ->
                !files(DATA_DIR.resolve(ACME).resolve("archive"), "846_900000007").isEmpty());
        List<Map<String, Object>> recorded = jdbc.queryForList("""
                select category, reason, source_document from hub_exception
                where payload_ref = (select 'raw_file:' || id from raw_file where file_name = '846_900000007.x12')""");
        assertThat(recorded).hasSize(1);
        assertThat(recorded.get(0).get("category")).isEqualTo("UNKNOWN_DOCUMENT");
        assertThat((String) recorded.get(0).get("source_document")).startsWith("x12-846");
        assertThat((String) recorded.get(0).get("reason")).contains("declares no mapping").contains("x12-846");
    }

    private Set<Path> outbox() {
        return new HashSet<>(files(DATA_DIR.resolve(ACME).resolve("outbox"), ""));
    }

    private List<String> newAcks(Set<Path> before) {
        return files(DATA_DIR.resolve(ACME).resolve("outbox"), "acme-3pl_").stream()
                .filter(p -> !before.contains(p)).map(PartnerFolderFiles::read).toList();
    }

    private List<Map<String, Object>> exceptions(String category, String sourceLike) {
        return jdbc.queryForList("select category, owner, reason, source_document, payload_ref from hub_exception "
                + "where category = ? and source_document like ?", category, sourceLike);
    }
}
