package io.dock2ledger.posting;

import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.CanonicalJson;
import io.dock2ledger.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two shipments of one sales order, sent one after the other: the first within the order's open quantity, the second
 * over it. The first posts and the second is the OVER_SHIPMENT, never the other way round (issue 10: with one consumer
 * for every inbox and eight racing posting consumers, the second could post first and the first become the exception).
 */
class ArrivalOrderIT extends HubIntegrationTest {

    private static final String HEADER =
            "shipment_id,order_id,ship_date,ship_from,ship_to_customer,line_no,item,qty,uom,lot,carrier,tracking\n";

    @Test
    void shipmentsOfOneOrderPostInTheOrderTheyArrived() throws Exception {
        // 120 EA ordered; each shipment sends 6 CA = 72 EA: the first fits, the second is 24 EA over.
        jdbc.update("insert into md_sales_order_line values ('SO-ARR1', 1, 'US01', 'CUST-1001', 'MUG-RED', 120, 'EA', 4.95, 'USD')");
        Instant now = Instant.now();
        Path first = drop("acme-3pl", "shipments_SHP-ARR-B.csv", HEADER
                + "SHP-ARR-1,SO-ARR1,2026-11-26T08:00:00-05:00,NJ1,CUST-1001,1,ACM-0001,6,CA,,UPSN,1Z1\n");
        Path second = drop("acme-3pl", "shipments_SHP-ARR-A.csv", HEADER
                + "SHP-ARR-2,SO-ARR1,2026-11-26T09:00:00-05:00,NJ1,CUST-1001,1,ACM-0001,6,CA,,UPSN,1Z2\n");
        // Arrival is the modification time, not the name (the second's name sorts first).
        Files.setLastModifiedTime(first, FileTime.from(now.minusSeconds(3)));
        Files.setLastModifiedTime(second, FileTime.from(now.minusSeconds(2)));

        await().atMost(Duration.ofSeconds(60)).until(() ->
                count("select count(*) from hub_exception where source_document = 'SHP-ARR-2'") == 1);
        assertThat(count("select count(*) from finance_document where source_document = 'SHP-ARR-1'")).isEqualTo(2);
        assertThat(jdbc.queryForObject("select category from hub_exception where source_document = 'SHP-ARR-2'", String.class))
                .isEqualTo("OVER_SHIPMENT");
        assertThat(count("select count(*) from finance_document where source_document = 'SHP-ARR-2'")).isZero();
        assertThat(count("select count(*) from hub_exception where source_document = 'SHP-ARR-1'")).isZero();
    }

    @Test
    void eventsAreGroupedByTheDocumentTheyChange() throws Exception {
        CanonicalEvent shipment = CanonicalJson.newMapper().readValue(
                SampleEvents.shipment("SHP-G1", "SO-G1", "2026-11-26T20:00:00Z"), CanonicalEvent.class);
        assertThat(shipment.orderingKey()).contains("order:SO-G1");
    }
}
