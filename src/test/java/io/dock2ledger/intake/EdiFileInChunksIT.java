package io.dock2ledger.intake;

import io.dock2ledger.support.HubIntegrationTest;
import io.dock2ledger.support.TestScratch;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static io.dock2ledger.intake.PartnerFolderFiles.files;
import static io.dock2ledger.intake.PartnerFolderFiles.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10: an X12 945 file is committed in chunks of {@code dock2ledger.intake.commit-every} (100) transaction sets, as
 * a CSV file is ({@link LargeFilePostsWhileReadIT}): its first shipments post while the file is still read. And what
 * chunks make possible must not lose or double anything: a file that fails half-way, after its first chunk posted, or
 * after its last set was read, is read again and posts every set once, never refused as a duplicate interchange of
 * itself, and is acknowledged once. Real hub, real X12 files; the technical failures are switched on and off in the
 * hub's own H2 database ({@link FaultSwitchTrigger}).
 */
@Order(Integer.MAX_VALUE - 1) // with LargeFilePostsWhileReadIT, after the other full-hub tests: its 1,000 sets queue ahead of theirs
class EdiFileInChunksIT extends HubIntegrationTest {

    private static final Path ACME = Path.of("partners/acme-3pl");
    private static final int ORDERS = 10;

    @Test
    void firstShipmentsOfALarge945PostWhileItIsStillBeingRead() throws IOException {
        int sets = 1_000;
        orders("SO-EDICHUNK");
        drop("acme-3pl", x12("770000001", 770001, "EDICHUNK", sets), "945_chunks_770000001.x12");

        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                .until(() -> posted("SHP-EDICHUNK-%") == sets);

        PostedWhileRead.assertFor(jdbc, "SHP-EDICHUNK-%");
        assertThat(count("select count(*) from finance_document where source_document like 'SHP-EDICHUNK-%'"))
                .isEqualTo(2 * sets);
        assertThat(count("select count(*) from hub_exception where source_document like 'SHP-EDICHUNK-%'")).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledgmentsOfGroup(770001) == 1);
    }

    @Test
    void a945FailingHalfWayAfterItsFirstChunkPostedIsReadAgainAndPostsEverySetOnce() throws IOException {
        int sets = 250;
        orders("SO-EDIFAIL");
        String file = "945_fails_half_way_770000002.x12";
        jdbc.execute(FaultSwitchTrigger.SWITCH_TABLE);
        jdbc.update("insert into test_fault_switch values ('SHP-EDIFAIL-00150')");
        jdbc.execute(FaultSwitchTrigger.create("test_fail_event_insert", "before insert", "canonical_event"));
        try {
            drop("acme-3pl", x12("770000002", 770002, "EDIFAIL", sets), file);

            // Set 150 fails (technical, retried, then the file fails) while the first chunk, sets 1-100, is committed:
            // those post, the file stays in the inbox and is read again, and fails again while the fault lasts.
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    posted("SHP-EDIFAIL-%") >= 100 && reads(file) >= 2);
            assertThat(count("select count(*) from canonical_event where source_document = 'SHP-EDIFAIL-00150'")).isZero();
            assertThat(files(DATA_DIR.resolve(ACME).resolve("inbox"), file)).hasSize(1);
            assertThat(acknowledgmentsOfGroup(770002)).as("no 997 for a file not yet done").isZero();
        } finally {
            jdbc.update("delete from test_fault_switch");
        }
        jdbc.execute("drop trigger test_fail_event_insert");

        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(() -> posted("SHP-EDIFAIL-%") == sets);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                !files(DATA_DIR.resolve(ACME).resolve("archive"), file.replace(".x12", "")).isEmpty());
        assertThat(count("""
                select count(*) from event_audit a join canonical_event e on e.event_id = a.event_id
                where e.source_document like 'SHP-EDIFAIL-%' and a.stage = 'POSTED'""")).as("each set posted once")
                .isEqualTo(sets);
        assertThat(count("select count(*) from finance_document where source_document like 'SHP-EDIFAIL-%'"))
                .isEqualTo(2 * sets);
        assertThat(count("select count(*) from hub_exception where category = 'DUPLICATE_INTERCHANGE' "
                + "and source_document like '%770000002%'")).isZero();
        assertThat(count("select count(*) from hub_exception where source_document like 'SHP-EDIFAIL-%'")).isZero();
        assertThat(count("select count(*) from edi_interchange where control_number = '770000002' and status = 'ACCEPTED'"))
                .isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledgmentsOfGroup(770002) == 1);
    }

    /**
     * Before chunks the interchange was recorded ACCEPTED as soon as its last set was read, before the file's commit:
     * a file failing after that was refused, read again, as a duplicate of itself and its sets were lost.
     */
    @Test
    void a945FailingAfterItsLastSetWasReadIsReadAgainNotRefusedAsADuplicateOfItself() throws IOException {
        int sets = 3;
        orders("SO-EDIEND");
        String file = "945_fails_at_its_end_770000003.x12";
        jdbc.execute(FaultSwitchTrigger.SWITCH_TABLE);
        jdbc.update("insert into test_fault_switch values (?)", file);
        // The file's progress (raw_file.document_count) is written once the file is read to its end.
        jdbc.execute(FaultSwitchTrigger.create("test_fail_file_progress", "before update", "raw_file"));
        try {
            drop("acme-3pl", x12("770000003", 770003, "EDIEND", sets), file);

            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> reads(file) >= 2);
            assertThat(acknowledgmentsOfGroup(770003)).as("no 997 for a file not yet done").isZero();
        } finally {
            jdbc.update("delete from test_fault_switch");
        }
        jdbc.execute("drop trigger test_fail_file_progress");

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> posted("SHP-EDIEND-%") == sets);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                !files(DATA_DIR.resolve(ACME).resolve("archive"), file.replace(".x12", "")).isEmpty());
        assertThat(count("select count(*) from hub_exception where category = 'DUPLICATE_INTERCHANGE' "
                + "and source_document like '%770000003%'")).isZero();
        assertThat(count("select count(*) from finance_document where source_document like 'SHP-EDIEND-%'"))
                .isEqualTo(2 * sets);
        assertThat(count("select count(*) from edi_interchange where control_number = '770000003' and status = 'ACCEPTED'"))
                .isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledgmentsOfGroup(770003) == 1);
    }

    private void orders(String prefix) {
        for (int o = 1; o <= ORDERS; o++) {
            jdbc.update("insert into md_sales_order_line values (?, 1, 'US01', 'CUST-1001', 'MUG-RED', 1000000, 'EA', 4.95, 'USD')",
                    String.format("%s-%02d", prefix, o));
        }
    }

    /** One X12 interchange of {@code sets} 945s, one line each, spread over the ten orders of {@code prefix}. */
    private static Path x12(String control, int group, String prefix, int sets) throws IOException {
        StringBuilder x12 = new StringBuilder()
                .append("ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*DOCKSIDE       *261126*1405*U*00401*")
                .append(control).append("*0*P*>~\n")
                .append("GS*SW*ACME3PL*DOCKSIDE*20261126*1405*").append(group).append("*X*004010~\n");
        for (int i = 1; i <= sets; i++) {
            String st = String.format("%04d", i);
            x12.append("ST*945*").append(st).append("~\n")
                    .append("W06*N*").append(String.format("SO-%s-%02d", prefix, 1 + i % ORDERS)).append("*20261126*")
                    .append(String.format("SHP-%s-%05d", prefix, i)).append("~\n")
                    .append("N1*ST*Harbor Kitchen Supply*91*CUST-1001~\n")
                    .append("N1*SF*ACME Logistics Edison*91*NJ1~\n")
                    .append("G62*11*20261126~\n")
                    .append("W27*M*UPSN~\n")
                    .append("LX*1~\n")
                    .append("W12*CC*1*1*0*CA**VN*ACM-0001~\n")
                    .append("W03*1*1.00*KG~\n")
                    .append("SE*10*").append(st).append("~\n");
        }
        x12.append("GE*").append(sets).append("*").append(group).append("~\n")
                .append("IEA*1*").append(control).append("~\n");
        Path source = TestScratch.directory("edi-chunks").resolve(prefix + ".x12");
        Files.writeString(source, x12);
        return source;
    }

    /** Events of these shipments POSTED (each once: a re-queued event posts as DUPLICATE, not POSTED again). */
    private int posted(String shipments) {
        return count("""
                select count(distinct a.event_id) from event_audit a join canonical_event e on e.event_id = a.event_id
                where e.source_document like ? and a.stage = 'POSTED'""", shipments);
    }

    /** How often the hub began reading the file: each read records the file as received (raw_file). */
    private int reads(String file) {
        return count("select count(*) from raw_file where file_name = ?", file);
    }

    /** 997s in acme-3pl's outbox that acknowledge functional group {@code group}. */
    private static int acknowledgmentsOfGroup(int group) {
        Pattern ak1 = Pattern.compile("AK1\\*SW\\*" + group + "[*~]");
        List<Path> outbox = files(DATA_DIR.resolve(ACME).resolve("outbox"), "");
        return (int) outbox.stream().filter(p -> ak1.matcher(read(p)).find()).count();
    }
}
