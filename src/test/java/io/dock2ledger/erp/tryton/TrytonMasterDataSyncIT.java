package io.dock2ledger.erp.tryton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.Dock2LedgerApplication;
import io.dock2ledger.support.TestPasswordHashes;
import io.dock2ledger.masterdata.JdbcMasterData;
import io.dock2ledger.masterdata.MasterData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Master data from a real Tryton (profile tryton, {@link TrytonServer}): the timer's first sync finds Tryton equal to
 * the seed files it was initialised from; after changes in Tryton (a cost, a new customer, a supplier deactivated, a
 * tax rate) an admin's POST /api/v1/masterdata/sync writes exactly those rows, audits each with before and after, and
 * the hub's cached master data answers the new values at once; a second sync finds nothing. Operators may not sync.
 * The same for orders (Tryton's sale and purchase modules): the seeded orders equal the seed files; a sale and a
 * purchase confirmed in Tryton and a corrected purchase line reach the order tables, audited, a quotation does not;
 * then a warehouse shipment against the sale that came from Tryton posts and its invoice is CONFIRMED in Tryton.
 */
@Tag("tryton")
class TrytonMasterDataSyncIT {

    private final Path dataDir = Path.of("./target/tryton-sync-hub-" + UUID.randomUUID());
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void changesInTrytonReachTheMasterDataTablesAuditedRowByRow() throws Exception {
        TrytonServer server = TrytonServer.shared();
        TrytonClient tryton = server.client();
        try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(Dock2LedgerApplication.class, TestPasswordHashes.class)
                .profiles("tryton")
                .run("--dock2ledger.data-dir=" + dataDir,
                        "--dock2ledger.sftp.port=0",
                        "--server.port=0",
                        "--camel.main.jmx-enabled=false",
                        "--dock2ledger.masterdata.erp-sync.initial-delay=500",
                        "--dock2ledger.erp.tryton.url=" + server.url(),
                        "--dock2ledger.erp.tryton.password=" + server.password())) {
            JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
            MasterData masterData = hub.getBean(JdbcMasterData.class);
            int port = ((WebServerApplicationContext) hub).getWebServer().getPort();

            // the timer: Tryton was seeded from the same files, so nothing differs
            await().atMost(Duration.ofSeconds(120)).until(() -> count(jdbc, "select count(*) from md_sync_run") >= 1);
            Map<String, Object> first = jdbc.queryForMap("select * from md_sync_run order by id fetch first 1 rows only");
            assertThat(first).containsEntry("trigger_by", "timer").containsEntry("status", "OK")
                    .containsEntry("added", 0).containsEntry("changed", 0).containsEntry("removed", 0);
            assertThat(masterData.item("MUG-RED").orElseThrow().standardCost()).isEqualByComparingTo("2.40");

            // changes made in Tryton, as finance and master-data people make them there
            long company = tryton.findOne("company.company", List.of(List.of("party.code", "=", "US01")),
                    List.of("id")).get("id").asLong();
            TrytonClient us01 = tryton.inContext(Map.of("company", company));
            long mugRed = us01.findOne("product.product", List.of(List.of("code", "=", "MUG-RED")), List.of("id"))
                    .get("id").asLong();
            modifyCostPrice(us01, mugRed, "2.55");
            long customerCategory = category(tryton, "customer");
            long nyCategory = category(tryton, "tax region NY");
            tryton.create("party.party", List.of(Map.of("code", "CUST-2001", "name", "Pier Street Bakery",
                    "categories", List.of(List.of("add", List.of(customerCategory, nyCategory))))));
            long sup300 = tryton.findOne("party.party", List.of(List.of("code", "=", "SUP-300")), List.of("id"))
                    .get("id").asLong();
            tryton.call("model.party.party.write", List.of(sup300), Map.of("active", false));
            long vaFood = tryton.findOne("account.tax", List.of(List.of("company", "=", company),
                    List.of("name", "=", "VA FOOD")), List.of("id")).get("id").asLong();
            tryton.call("model.account.tax.write", List.of(vaFood), Map.of("rate", new BigDecimal("0.03")));
            // orders, as sales and purchasing make them: a new sale and a new purchase confirmed through Tryton's
            // workflow, a quotation (not an order yet: not synced), and a confirmed purchase line's quantity corrected
            // (Tryton 6.0 changes confirmed orders only through its amendment modules, not installed here: written
            // directly, as an administrator would)
            long sale = order(us01, "sale", "SO-60001", "CUST-1001", company,
                    Map.of("invoice_method", "manual", "shipment_method", "manual"),
                    List.of(orderLine(us01, 1, "MUG-BLU", 36, "4.95"), orderLine(us01, 2, "KETTLE-1L", 2, "29.00")));
            us01.button("sale.sale", "quote", List.of(sale));
            us01.button("sale.sale", "confirm", List.of(sale));
            long quotation = order(us01, "sale", "SO-60002", "CUST-1003", company,
                    Map.of("invoice_method", "manual", "shipment_method", "manual"),
                    List.of(orderLine(us01, 1, "TEA-EARL", 24, "5.25")));
            us01.button("sale.sale", "quote", List.of(quotation));
            long purchase = order(us01, "purchase", "PO-70004", "SUP-400", company, Map.of("invoice_method", "manual"),
                    List.of(orderLine(us01, 1, "KETTLE-1L", 24, "14.40")));
            us01.button("purchase.purchase", "quote", List.of(purchase));
            us01.button("purchase.purchase", "confirm", List.of(purchase));
            long po70002Line = us01.findOne("purchase.line", List.of(List.of("purchase.reference", "=", "PO-70002")),
                    List.of("id")).get("id").asLong();
            us01.call("model.purchase.line.write", List.of(po70002Line), Map.of("quantity", 1200.0));

            assertThat(post(port, "operator", "dev-operator").statusCode()).as("operators may not sync").isEqualTo(403);
            HttpResponse<String> synced = post(port, "admin", "dev-admin");
            System.out.println("sync: " + synced.body());
            assertThat(synced.statusCode()).isEqualTo(200);
            JsonNode run = json.readTree(synced.body());
            assertThat(run.path("status").asText()).isEqualTo("OK");
            assertThat(run.path("added").asInt()).isEqualTo(4);
            assertThat(run.path("changed").asInt()).isEqualTo(3);
            assertThat(run.path("removed").asInt()).isEqualTo(1);
            assertThat(run.path("changes").findValuesAsText("key"))
                    .containsExactlyInAnyOrder("MUG-RED", "CUST-2001", "SUP-300", "VA|FOOD", "SO-60001|1",
                            "SO-60001|2", "PO-70004|1", "PO-70002|1");

            List<Map<String, Object>> audited = jdbc.queryForList(
                    "select table_name, row_key, change, before_row, after_row from md_sync_change where run_id = ?",
                    run.path("id").asLong());
            assertThat(audited).extracting(r -> r.get("table_name") + " " + r.get("row_key") + " " + r.get("change"))
                    .containsExactlyInAnyOrder("md_item MUG-RED CHANGED", "md_customer CUST-2001 ADDED",
                            "md_supplier SUP-300 REMOVED", "md_tax_rate VA|FOOD CHANGED",
                            "md_sales_order_line SO-60001|1 ADDED", "md_sales_order_line SO-60001|2 ADDED",
                            "md_purchase_order_line PO-70004|1 ADDED", "md_purchase_order_line PO-70002|1 CHANGED");
            assertThat(audited).filteredOn(r -> "PO-70002|1".equals(r.get("row_key"))).singleElement()
                    .satisfies(r -> {
                        assertThat((String) r.get("before_row")).contains("qty_ordered=960");
                        assertThat((String) r.get("after_row")).contains("qty_ordered=1200");
                    });
            assertThat(audited).filteredOn(r -> "MUG-RED".equals(r.get("row_key"))).singleElement()
                    .satisfies(r -> {
                        assertThat((String) r.get("before_row")).contains("standard_cost=2.4");
                        assertThat((String) r.get("after_row")).contains("standard_cost=2.55");
                    });

            // the hub reads its own tables (cache invalidated), never Tryton per event
            assertThat(masterData.item("MUG-RED").orElseThrow().standardCost()).isEqualByComparingTo("2.55");
            assertThat(masterData.customer("CUST-2001").orElseThrow().taxRegion()).isEqualTo("NY");
            assertThat(masterData.supplier("SUP-300")).isEmpty();
            assertThat(masterData.taxRate("VA", "FOOD").orElseThrow()).isEqualByComparingTo("0.03");
            assertThat(masterData.salesOrder("SO-60001")).extracting(l -> l.lineNo() + " " + l.entity() + " "
                            + l.customer() + " " + l.sku() + " " + l.quantityOrdered().stripTrailingZeros().toPlainString() + " "
                            + l.uom() + " " + l.unitPrice().stripTrailingZeros().toPlainString() + " " + l.currency())
                    .containsExactly("1 US01 CUST-1001 MUG-BLU 36 EA 4.95 USD", "2 US01 CUST-1001 KETTLE-1L 2 EA 29 USD");
            assertThat(masterData.salesOrder("SO-60002")).as("a quotation is not an order yet").isEmpty();
            assertThat(masterData.purchaseOrder("PO-70002").get(0).quantityOrdered()).isEqualByComparingTo("1200");

            JsonNode again = json.readTree(post(port, "admin", "dev-admin").body());
            assertThat(again.path("added").asInt() + again.path("changed").asInt() + again.path("removed").asInt())
                    .as("a second sync finds nothing to change").isZero();

            // a shipment against the order that came from Tryton posts, and its invoice reaches Tryton
            drop("acme-3pl", "shipments_SHP-9101.csv", """
                    shipment_id,order_id,ship_date,ship_from,ship_to_customer,line_no,item,qty,uom,lot,carrier,tracking
                    SHP-9101,SO-60001,2026-11-30T10:00:00-05:00,NJ1,CUST-1001,1,ACM-0002,3,CA,,UPSN,1Z999AA10123459101
                    """);
            await().atMost(Duration.ofSeconds(120)).until(() -> count(jdbc, """
                    select count(*) from finance_document d join erp_delivery e on e.document_id = d.id
                    where d.source_document = 'SHP-9101' and d.kind = 'INVOICE' and e.status = 'CONFIRMED'""") == 1);
            Map<String, Object> invoice = jdbc.queryForMap("""
                    select d.order_ref, d.total, e.erp_document_id from finance_document d
                    join erp_delivery e on e.document_id = d.id
                    where d.source_document = 'SHP-9101' and d.kind = 'INVOICE'""");
            System.out.println("SHP-9101 against SO-60001: " + invoice);
            // 36 EA of MUG-BLU at 4.95 ordered, 3 cases of 12 shipped: 178.20 + 8 % NY tax 14.26
            assertThat(invoice).containsEntry("order_ref", "SO-60001");
            assertThat((BigDecimal) invoice.get("total")).isEqualByComparingTo("192.46");
            assertThat((String) invoice.get("erp_document_id")).startsWith("account.invoice,");
            assertThat(count(jdbc, "select count(*) from hub_exception")).as("exceptions").isZero();
        }
    }

    /**
     * Tryton's "Modify Cost Price" wizard, dated today: with the stock module a product that has stock moves (the
     * seeded purchases' incoming moves) refuses a plain write of its cost price.
     */
    private static void modifyCostPrice(TrytonClient inCompany, long product, String cost) {
        JsonNode wizard = inCompany.call("wizard.product.modify_cost_price.create");
        long session = wizard.get(0).asLong();
        Map<String, Object> context = new java.util.HashMap<>(Map.of("active_model", "product.product",
                "active_id", product, "active_ids", List.of(product)));
        inCompany.inContext(context).call("wizard.product.modify_cost_price.execute", session,
                Map.of("start", Map.of("cost_price", cost, "date", java.time.LocalDate.now())), "modify");
        inCompany.call("wizard.product.modify_cost_price.delete", session);
    }

    /** A draft sale or purchase with the hub's order id as reference. */
    private static long order(TrytonClient tryton, String kind, String reference, String party, long company,
                              Map<String, Object> methods, List<Map<String, Object>> lines) {
        JsonNode partyRecord = tryton.findOne("party.party", List.of(List.of("code", "=", party)), List.of("id", "addresses"));
        Map<String, Object> order = new java.util.HashMap<>(methods);
        order.put("company", company);
        order.put("party", partyRecord.get("id").asLong());
        order.put("invoice_address", partyRecord.get("addresses").get(0).asLong());
        if (kind.equals("sale")) {
            order.put("shipment_address", partyRecord.get("addresses").get(0).asLong());
        }
        order.put("reference", reference);
        order.put("currency", tryton.findOne("currency.currency", List.of(List.of("code", "=", "USD")),
                List.of("id")).get("id").asLong());
        order.put("warehouse", tryton.findOne("stock.location", List.of(List.of("type", "=", "warehouse")),
                List.of("id")).get("id").asLong());
        order.put("lines", List.of(List.of("create", lines)));
        return tryton.create(kind + "." + kind, List.of(order)).get(0);
    }

    private static Map<String, Object> orderLine(TrytonClient tryton, int sequence, String sku, int quantity,
                                                 String unitPrice) {
        return Map.of("sequence", sequence, "type", "line",
                "product", tryton.findOne("product.product", List.of(List.of("code", "=", sku)), List.of("id"))
                        .get("id").asLong(),
                "unit", tryton.findOne("product.uom", List.of(List.of("symbol", "=", "u")), List.of("id"))
                        .get("id").asLong(),
                "quantity", (double) quantity, "unit_price", new BigDecimal(unitPrice), "description", sku);
    }

    private void drop(String partner, String name, String content) throws java.io.IOException {
        Path inbox = java.nio.file.Files.createDirectories(dataDir.resolve("partners").resolve(partner).resolve("inbox"));
        Path part = java.nio.file.Files.writeString(inbox.resolve(name + ".part"), content);
        java.nio.file.Files.move(part, inbox.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static long category(TrytonClient tryton, String name) {
        return tryton.findOne("party.category", List.of(List.of("name", "=", name)), List.of("id")).get("id").asLong();
    }

    private HttpResponse<String> post(int port, String user, String password) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/masterdata/sync"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int count(JdbcTemplate jdbc, String sql) {
        Integer n = jdbc.queryForObject(sql, Integer.class);
        return n == null ? 0 : n;
    }
}
