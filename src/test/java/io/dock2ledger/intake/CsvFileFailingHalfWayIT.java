package io.dock2ledger.intake;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dock2ledger.support.HubIntegrationTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.dock2ledger.intake.PartnerFolderFiles.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A CSV file whose intake fails half-way for a technical reason (its retries spent) stops there: the file stays in the
 * inbox and is read again, and what it queued before posts once. The rest of the file is not worked through first. It
 * was: every remaining document failed at once (FileTransactionLost) and each such failure logged a rollback, 4.1
 * million WARN lines and 1.3 GB of log for a 1 GB file before it was read again (docs/performance.md, "twentieth
 * pass"). Real hub, real file; the failure is switched on and off in the hub's own H2 database
 * ({@link FaultSwitchTrigger}).
 */
@Order(Integer.MAX_VALUE - 1) // with the other large-file tests, after the rest: its shipments queue ahead of theirs
class CsvFileFailingHalfWayIT extends HubIntegrationTest {

    private static final Path INBOX = Path.of("partners/acme-3pl/inbox");
    private static final int SHIPMENTS = 2_000;
    private static final int ORDERS = 10;

    @Test
    void aCsvFileFailingHalfWayStopsThereIsReadAgainAndPostsEveryShipmentOnce(@TempDir Path scratch) throws IOException {
        for (int o = 1; o <= ORDERS; o++) {
            jdbc.update("insert into md_sales_order_line values (?, 1, 'US01', 'CUST-1001', 'MUG-RED', 1000000, 'EA', 4.95, 'USD')",
                    order(o));
        }
        Path source = scratch.resolve("fails-half-way.csv");
        try (BufferedWriter out = Files.newBufferedWriter(source)) {
            out.write("shipment_id,order_id,ship_date,ship_from,ship_to_customer,line_no,item,qty,uom,lot,carrier,tracking\n");
            for (int i = 1; i <= SHIPMENTS; i++) {
                out.write(String.format("SHP-CSVFAIL-%05d,%s,2026-11-26T14:05:00-05:00,NJ1,CUST-1001,1,ACM-0001,1,CA,,UPSN,T%d%n",
                        i, order(1 + i % ORDERS), i));
            }
        }
        String file = "shipments_CSVFAIL.csv";
        Logger rollbacks = (Logger) LoggerFactory.getLogger("org.apache.camel.spring.spi.TransactionErrorHandler");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        rollbacks.addAppender(logged);
        jdbc.execute(FaultSwitchTrigger.SWITCH_TABLE);
        jdbc.update("insert into test_fault_switch values ('SHP-CSVFAIL-00150')");
        jdbc.execute(FaultSwitchTrigger.create("test_fail_csv_event_insert", "before insert", "canonical_event"));
        int readsWhileFailing;
        try {
            drop("acme-3pl", source, file);

            // Shipment 150 fails (technical, retried, then the file fails) after the first chunk, 1-100, committed:
            // those post, the file stays in the inbox and is read again, and fails again while the fault lasts.
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    posted() >= 100 && reads(file) >= 2);
            readsWhileFailing = reads(file);
            assertThat(count("select count(*) from canonical_event where source_document > 'SHP-CSVFAIL-00200' "
                    + "and source_document like 'SHP-CSVFAIL-%'")).as("nothing after the failed chunk").isZero();
            assertThat(files(DATA_DIR.resolve(INBOX), file)).hasSize(1);
        } finally {
            jdbc.update("delete from test_fault_switch");
            rollbacks.detachAppender(logged);
        }
        jdbc.execute("drop trigger test_fail_csv_event_insert");

        // The rest of each read was not worked through: without stopping there, each of the ~1,850 documents after the
        // failure failed again at once and logged its own rollback, on every read.
        long lostDocuments = logged.list.stream()
                .filter(event -> event.getFormattedMessage().contains("FileTransactionLost")).count();
        assertThat(lostDocuments).as("documents failed at once after the file's failure, over %d reads", readsWhileFailing)
                .isLessThan(10L * readsWhileFailing);

        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> posted() == SHIPMENTS);
        await().atMost(Duration.ofSeconds(30)).until(() -> files(DATA_DIR.resolve(INBOX), file).isEmpty());
        assertThat(count("select count(*) from finance_document where source_document like 'SHP-CSVFAIL-%'"))
                .isEqualTo(2 * SHIPMENTS);
        assertThat(count("select count(*) from hub_exception where source_document like 'SHP-CSVFAIL-%'")).isZero();
    }

    /** Events of these shipments POSTED (each once: a re-queued event posts as DUPLICATE, not POSTED again). */
    private int posted() {
        return count("""
                select count(distinct a.event_id) from event_audit a join canonical_event e on e.event_id = a.event_id
                where e.source_document like 'SHP-CSVFAIL-%' and a.stage = 'POSTED'""");
    }

    /** How often the hub began reading the file: each read records the file as received (raw_file). */
    private int reads(String file) {
        return count("select count(*) from raw_file where file_name = ?", file);
    }

    private static String order(int o) {
        return String.format("SO-CSVFAIL-%02d", o);
    }
}
