package io.dock2ledger.erp;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.dock2ledger.Dock2LedgerApplication;
import io.dock2ledger.support.TestPasswordHashes;
import io.dock2ledger.canonical.CanonicalJson;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole hub with US01's documents going to a REST ERP (WireMock): posting never waits for the ERP; while the ERP
 * answers 503 and then refuses connections, nothing is lost or dead-lettered and the backlog shows in the gauge and
 * the health details; when it returns the backlog drains by itself within its limits, each document once. Then the
 * approvals: a held invoice is delivered only once an admin approves it, a rejected one never.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ErpDeliveryIT {

    private static final int SHIPMENTS = 40;
    private static final int MAX_CONCURRENT = 2;
    private static final int PER_SECOND = 5;

    private static final Path DATA = Path.of("target/erp-delivery-it-" + UUID.randomUUID()).toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static int erpPort;
    private static WireMockServer erp;
    private static ConfigurableApplicationContext hub;
    private static JdbcTemplate jdbc;
    private static int hubPort;

    @BeforeAll
    static void startErpAndHub() throws IOException {
        Path config = DATA.resolve("config");
        copy(Path.of("config"), config);
        // One large order per load shipment (so no order limits get in the way), and two for the approvals.
        StringBuilder orders = new StringBuilder();
        for (int n = 1; n <= SHIPMENTS + 2; n++) {
            orders.append("SO-L%04d,1,US01,CUST-1001,MUG-RED,100000,EA,4.95,USD\n".formatted(n));
        }
        Files.writeString(config.resolve("masterdata/sales_orders.csv"), orders, StandardOpenOption.APPEND);
        try (ServerSocket socket = new ServerSocket(0)) {
            erpPort = socket.getLocalPort();
        }
        erp = erpDown();
        hub = new SpringApplicationBuilder(Dock2LedgerApplication.class, TestPasswordHashes.class).run(
                "--dock2ledger.data-dir=" + DATA.resolve("data"),
                "--dock2ledger.config-dir=" + config,
                "--dock2ledger.intake.poll-delay=200",
                "--dock2ledger.sftp.port=0",
                "--server.port=0",
                "--camel.main.jmx-enabled=false",
                "--management.prometheus.metrics.export.enabled=true",
                "--dock2ledger.erp.entities.US01.target=netsuite",
                "--dock2ledger.erp.rest.netsuite.base-url=http://localhost:" + erpPort,
                "--dock2ledger.erp.rest.netsuite.token-url=http://localhost:" + erpPort + "/oauth/token",
                "--dock2ledger.erp.rest.netsuite.client-id=hub",
                // in production ${NETSUITE_CLIENT_SECRET}
                "--dock2ledger.erp.rest.netsuite.client-secret=s3cret",
                "--dock2ledger.erp.rest.netsuite.max-concurrent-calls=" + MAX_CONCURRENT,
                "--dock2ledger.erp.rest.netsuite.requests-per-second=" + PER_SECOND,
                "--dock2ledger.erp.rest.netsuite.request-timeout=5s",
                "--dock2ledger.erp.rest.netsuite.circuit-breaker.minimum-calls=3",
                "--dock2ledger.erp.rest.netsuite.circuit-breaker.window-size=5",
                "--dock2ledger.erp.rest.netsuite.circuit-breaker.open-for=3s",
                "--dock2ledger.erp.delivery.poll-period=200",
                "--dock2ledger.erp.delivery.retry-delay=500ms",
                "--dock2ledger.erp.delivery.max-retry-delay=3s",
                "--dock2ledger.erp.approvals[0].name=invoice above 400",
                "--dock2ledger.erp.approvals[0].kinds[0]=INVOICE",
                "--dock2ledger.erp.approvals[0].above=400.00");
        jdbc = hub.getBean(JdbcTemplate.class);
        hubPort = ((WebServerApplicationContext) hub).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
        if (erp != null) {
            erp.stop();
        }
    }

    @Test
    @Order(1)
    void anErpOutageUnderLoadLosesNothingFailsNothingShowsTheBacklogAndDrainsWithinTheLimits() {
        StringBuilder csv = new StringBuilder("shipment_id,order_id,ship_date,ship_from,ship_to_customer,line_no,item,qty,uom,lot,carrier,tracking\n");
        for (int n = 1; n <= SHIPMENTS; n++) {
            csv.append("SHP-L%04d,SO-L%04d,2026-11-26T14:05:00-05:00,NJ1,CUST-1001,1,ACM-0001,1,CA,,UPSN,1Z%04d\n"
                    .formatted(n, n, n));
        }
        drop("shipments_load.csv", csv.toString());

        // Posting does not wait for the ERP: every document is posted while the ERP answers 503.
        await().atMost(Duration.ofSeconds(120)).until(() ->
                count("select count(*) from finance_document where source_document like 'SHP-L%'") == 2 * SHIPMENTS);
        await().atMost(Duration.ofSeconds(30)).until(() -> "OPEN".equals(
                health().at("/components/erpDelivery/details/targets/netsuite/circuit").asText()));
        JsonNode netsuite = health().at("/components/erpDelivery/details/targets/netsuite");
        assertThat(netsuite.get("pending").asInt()).isEqualTo(2 * SHIPMENTS);
        assertThat(netsuite.has("oldestPending")).isTrue();
        assertThat(backlogGauge()).isEqualTo(2.0 * SHIPMENTS);
        assertThat(prometheus()).contains("dock2ledger_erp_backlog{application=\"dock2ledger\",status=\"PENDING\",target=\"netsuite\"} 80.0");
        int callsWhileDown = erp.getAllServeEvents().size();

        // Then the ERP is gone altogether: connections refused.
        erp.stop();
        int attemptsBefore = count("select sum(attempts) from erp_delivery where target = 'netsuite'");
        await().atMost(Duration.ofSeconds(60)).until(() ->
                count("select sum(attempts) from erp_delivery where target = 'netsuite'") > attemptsBefore + 3);
        assertThat(callsWhileDown).as("the open circuit kept the failing ERP from being hammered")
                .isLessThan(4 * SHIPMENTS);
        assertThat(count("select count(*) from erp_delivery where status <> 'PENDING' and target = 'netsuite'")).isZero();
        assertThat(count("select count(*) from hub_exception")).as("nothing failed for a mere outage").isZero();

        // The ERP returns: the backlog drains by itself, each document once, within the ERP's limits.
        erp = erpUp();
        long back = System.nanoTime();
        await().atMost(Duration.ofSeconds(120)).until(() ->
                count("select count(*) from erp_delivery where target = 'netsuite' and status = 'CONFIRMED'") == 2 * SHIPMENTS);
        assertThat(count("select count(*) from finance_document f join erp_delivery d on d.document_id = f.id "
                + "where f.erp_reference = 'ERP-' || f.document_number and d.erp_document_id = f.erp_reference"))
                .isEqualTo(2 * SHIPMENTS);
        System.out.printf("ErpDeliveryIT: %d documents drained %.1f s after the ERP returned (limits %d in flight, %d/s)%n",
                2 * SHIPMENTS, (System.nanoTime() - back) / 1e9, MAX_CONCURRENT, PER_SECOND);
        List<ServeEvent> posts = erp.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals("/documents")).toList();
        Map<String, Long> perKey = posts.stream().collect(Collectors.groupingBy(
                e -> e.getRequest().getHeader("Idempotency-Key"), Collectors.counting()));
        assertThat(perKey).hasSize(2 * SHIPMENTS).allSatisfy((key, calls) -> assertThat(calls).as(key).isEqualTo(1));
        assertThat(maxInFlight(posts)).isLessThanOrEqualTo(MAX_CONCURRENT);
        assertThat(maxStartedInAnySecond(posts)).isLessThanOrEqualTo(PER_SECOND * 2); // two refresh periods can meet in one window
        assertThat(count("select count(*) from hub_exception")).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> backlogGauge() == 0.0);
    }

    @Test
    @Order(2)
    void aHeldInvoiceIsDeliveredOnlyOnceApprovedAndARejectedOneNever() {
        String csv = "shipment_id,order_id,ship_date,ship_from,ship_to_customer,line_no,item,qty,uom,lot,carrier,tracking\n"
                + "SHP-A0001,SO-L%04d,2026-11-26T14:05:00-05:00,NJ1,CUST-1001,1,ACM-0001,7,CA,,UPSN,1ZA1\n".formatted(SHIPMENTS + 1)
                + "SHP-A0002,SO-L%04d,2026-11-26T14:05:00-05:00,NJ1,CUST-1001,1,ACM-0001,7,CA,,UPSN,1ZA2\n".formatted(SHIPMENTS + 2);
        drop("shipments_approvals.csv", csv);
        await().atMost(Duration.ofSeconds(60)).until(() -> count(
                "select count(*) from erp_delivery d join finance_document f on f.id = d.document_id "
                        + "where f.source_document in ('SHP-A0001', 'SHP-A0002') and d.status = 'AWAITING_APPROVAL'") == 2);
        JsonNode approved = documents("SHP-A0001").get(0);
        JsonNode rejected = documents("SHP-A0002").get(0);
        assertThat(approved.at("/delivery/holdReason").asText()).isEqualTo("invoice above 400: 449.06 USD above 400.00");
        String approvedNumber = approved.get("documentNumber").asText();
        String rejectedNumber = rejected.get("documentNumber").asText();
        // Their COGS journals were not held and went on.
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "CONFIRMED".equals(documents("SHP-A0001").get(1).at("/delivery/status").asText()));

        // The workbench's approvals page lists both; only an admin gets the forms, only an admin may post them.
        HttpResponse<String> page = send("GET", "/ops/approvals", "viewer", "dev-viewer", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(approvedNumber, rejectedNumber, "invoice above 400").doesNotContain("/approve\"");
        assertThat(send("GET", "/ops/approvals", "admin", "dev-admin", null).body())
                .contains("/ops/approvals/" + approvedNumber + "/approve\"");
        assertThat(send("POST", "/ops/approvals/" + approvedNumber + "/approve", "operator", "dev-operator", "")
                .statusCode()).as("an operator may not approve in the workbench either").isEqualTo(403);

        assertThat(send("POST", "/api/v1/documents/" + approvedNumber + "/approve", "operator", "dev-operator", "{}")
                .statusCode()).as("an operator may not approve").isEqualTo(403);
        assertThat(posted(approvedNumber)).isZero();

        HttpResponse<String> approval = send("POST", "/api/v1/documents/" + approvedNumber + "/approve", "admin",
                "dev-admin", "{\"note\":\"checked against the customer's order\"}");
        assertThat(approval.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "CONFIRMED".equals(documents("SHP-A0001").get(0).at("/delivery/status").asText()));
        assertThat(posted(approvedNumber)).isEqualTo(1);
        JsonNode log = json(send("GET", "/api/v1/documents/" + approvedNumber + "/delivery", "viewer", "dev-viewer", null).body());
        assertThat(log.findValuesAsText("status")).containsExactly("AWAITING_APPROVAL", "APPROVED", "CONFIRMED");
        assertThat(log.get(1).get("actor").asText()).isEqualTo("admin");
        assertThat(log.get(1).get("detail").asText()).isEqualTo("checked against the customer's order");

        assertThat(send("POST", "/api/v1/documents/" + rejectedNumber + "/reject", "admin", "dev-admin", "{}")
                .statusCode()).as("a rejection needs a reason").isEqualTo(400);
        assertThat(send("POST", "/api/v1/documents/" + rejectedNumber + "/reject", "admin", "dev-admin",
                "{\"reason\":\"price not agreed\"}").statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/v1/documents/" + rejectedNumber + "/approve", "admin", "dev-admin", "{}")
                .statusCode()).as("decided once").isEqualTo(409);
        HttpResponse<String> late = send("POST", "/ops/approvals/" + rejectedNumber + "/approve", "admin", "dev-admin", "");
        assertThat(late.statusCode()).as("decided once, from the workbench too: reported on the page").isEqualTo(302);
        assertThat(late.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/ops/approvals"));
        assertThat(send("GET", "/ops/approvals", "viewer", "dev-viewer", null).body())
                .doesNotContain(approvedNumber).doesNotContain(rejectedNumber);
        JsonNode after = documents("SHP-A0002").get(0).get("delivery");
        assertThat(after.get("status").asText()).isEqualTo("REJECTED");
        assertThat(after.get("reason").asText()).isEqualTo("price not agreed");
        assertThat(posted(rejectedNumber)).isZero();
    }

    private static WireMockServer erpDown() {
        WireMockServer server = new WireMockServer(options().port(erpPort));
        server.start();
        server.stubFor(post("/oauth/token").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\":\"t\",\"expires_in\":3600}")));
        server.stubFor(post("/documents").willReturn(aResponse().withStatus(503).withBody("down for maintenance")));
        return server;
    }

    private static WireMockServer erpUp() {
        LookupFromJournal lookup = new LookupFromJournal();
        WireMockServer server = new WireMockServer(options().port(erpPort).extensions(lookup));
        lookup.of(server);
        server.start();
        server.stubFor(post("/oauth/token").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\":\"t2\",\"expires_in\":3600}")));
        server.stubFor(post("/documents").willReturn(aResponse().withStatus(201).withFixedDelay(50)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"ERP-{{request.headers.Idempotency-Key}}\",\"createdBy\":\"wiremock\"}")
                .withTransformers("response-template")));
        // a POST answered too late (request timeout under load) is looked up before any resend: the ERP has it
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                        com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/documents"))
                .willReturn(aResponse().withTransformers(LookupFromJournal.NAME)));
        return server;
    }

    private static int posted(String documentNumber) {
        return erp.findAll(postRequestedFor(urlEqualTo("/documents"))
                .withHeader("Idempotency-Key", com.github.tomakehurst.wiremock.client.WireMock.equalTo(documentNumber)))
                .size();
    }

    private static int maxInFlight(List<ServeEvent> events) {
        List<long[]> spans = events.stream().map(e -> new long[]{e.getRequest().getLoggedDate().getTime(),
                e.getRequest().getLoggedDate().getTime() + e.getTiming().getTotalTime()}).toList();
        int max = 0;
        for (long[] span : spans) {
            max = Math.max(max, (int) spans.stream().filter(s -> s[0] <= span[0] && s[1] > span[0]).count());
        }
        return max;
    }

    private static int maxStartedInAnySecond(List<ServeEvent> events) {
        List<Long> starts = events.stream().map(e -> e.getRequest().getLoggedDate().getTime()).sorted().toList();
        int max = 0;
        for (long start : starts) {
            max = Math.max(max, (int) starts.stream().filter(s -> s >= start && s < start + 1000).count());
        }
        return max;
    }

    private static double backlogGauge() {
        return hub.getBean(MeterRegistry.class).get("dock2ledger.erp.backlog")
                .tag("target", "netsuite").tag("status", "PENDING").gauge().value();
    }

    private static JsonNode health() {
        return json(send("GET", "/actuator/health", "viewer", "dev-viewer", null).body());
    }

    private static String prometheus() {
        return send("GET", "/actuator/prometheus", "viewer", "dev-viewer", null).body();
    }

    private static JsonNode documents(String source) {
        return json(send("GET", "/api/v1/documents?source=" + source, "viewer", "dev-viewer", null).body());
    }

    private static HttpResponse<String> send(String method, String path, String user, String password, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + hubPort + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return CanonicalJson.newMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int count(String sql) {
        Integer n = jdbc.queryForObject(sql, Integer.class);
        return n == null ? 0 : n;
    }

    private static void drop(String name, String content) {
        try {
            Path inbox = Files.createDirectories(DATA.resolve("data/partners/acme-3pl/inbox"));
            Path part = inbox.resolve(name + ".part");
            Files.writeString(part, content);
            Path dropped = Files.move(part, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            await().atMost(Duration.ofSeconds(60)).until(() -> !Files.exists(dropped));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
