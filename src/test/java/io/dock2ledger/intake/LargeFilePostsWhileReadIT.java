package io.dock2ledger.intake;

import io.dock2ledger.support.HubIntegrationTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10: a large file's first invoices post before the hub has read the file to its end, because intake commits
 * every {@code dock2ledger.intake.commit-every} (100) documents instead of once per file. Not a timing test: it compares
 * the hub's own audit times after the fact. With one commit per file no event of it could be POSTED before its last
 * event was read (it is queued only at the file's commit), so this fails if chunking is lost.
 */
@Order(Integer.MAX_VALUE - 1) // with LargeFileIntakeIT, after the other full-hub tests: its 1,000 shipments queue ahead of theirs
class LargeFilePostsWhileReadIT extends HubIntegrationTest {

    private static final int SHIPMENTS = 1_000;
    private static final int ORDERS = 10;

    @Test
    void firstInvoicesOfALargeFilePostWhileItIsStillBeingRead(@TempDir Path scratch) throws IOException {
        for (int o = 1; o <= ORDERS; o++) {
            jdbc.update("insert into md_sales_order_line values (?, 1, 'US01', 'CUST-1001', 'MUG-RED', 1000000, 'EA', 4.95, 'USD')",
                    order(o));
        }
        Path source = scratch.resolve("chunks.csv"); // JUnit deletes it: a test leaves nothing in /tmp
        try (BufferedWriter out = Files.newBufferedWriter(source)) {
            out.write("shipment_id,order_id,ship_date,ship_from,ship_to_customer,line_no,item,qty,uom,lot,carrier,tracking\n");
            for (int i = 1; i <= SHIPMENTS; i++) {
                // Spread over several orders (message groups), as a warehouse's day is, so several consumers post.
                out.write(String.format("SHP-CHUNK-%05d,%s,2026-11-26T14:05:00-05:00,NJ1,CUST-1001,1,ACM-0001,1,CA,,UPSN,T%d%n",
                        i, order(1 + i % ORDERS), i));
            }
        }
        drop("acme-3pl", source, "shipments_CHUNKS.csv");

        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1)).until(() -> count("""
                select count(*) from event_audit a join canonical_event e on e.event_id = a.event_id
                where e.source_document like 'SHP-CHUNK-%' and a.stage = 'POSTED'""") == SHIPMENTS);

        PostedWhileRead.assertFor(jdbc, "SHP-CHUNK-%");
        assertThat(count("select count(*) from finance_document where source_document like 'SHP-CHUNK-%'"))
                .isEqualTo(2 * SHIPMENTS);
        assertThat(count("select count(*) from hub_exception where source_document like 'SHP-CHUNK-%'")).isZero();
    }

    private static String order(int o) {
        return String.format("SO-CHUNK-%02d", o);
    }
}
