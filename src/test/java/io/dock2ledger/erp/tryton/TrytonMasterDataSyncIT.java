package io.dock2ledger.erp.tryton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.Dock2LedgerApplication;
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
        try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(Dock2LedgerApplication.class)
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
            us01.call("model.product.product.write", List.of(mugRed), Map.of("cost_price", new BigDecimal("2.55")));
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

            assertThat(post(port, "operator", "dev-operator").statusCode()).as("operators may not sync").isEqualTo(403);
            HttpResponse<String> synced = post(port, "admin", "dev-admin");
            System.out.println("sync: " + synced.body());
            assertThat(synced.statusCode()).isEqualTo(200);
            JsonNode run = json.readTree(synced.body());
            assertThat(run.path("status").asText()).isEqualTo("OK");
            assertThat(run.path("added").asInt()).isEqualTo(1);
            assertThat(run.path("changed").asInt()).isEqualTo(2);
            assertThat(run.path("removed").asInt()).isEqualTo(1);
            assertThat(run.path("changes").findValuesAsText("key"))
                    .containsExactlyInAnyOrder("MUG-RED", "CUST-2001", "SUP-300", "VA|FOOD");

            List<Map<String, Object>> audited = jdbc.queryForList(
                    "select table_name, row_key, change, before_row, after_row from md_sync_change where run_id = ?",
                    run.path("id").asLong());
            assertThat(audited).extracting(r -> r.get("table_name") + " " + r.get("row_key") + " " + r.get("change"))
                    .containsExactlyInAnyOrder("md_item MUG-RED CHANGED", "md_customer CUST-2001 ADDED",
                            "md_supplier SUP-300 REMOVED", "md_tax_rate VA|FOOD CHANGED");
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

            JsonNode again = json.readTree(post(port, "admin", "dev-admin").body());
            assertThat(again.path("added").asInt() + again.path("changed").asInt() + again.path("removed").asInt())
                    .as("a second sync finds nothing to change").isZero();
        }
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
