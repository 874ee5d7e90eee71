package io.dock2ledger.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.canonical.EventSource;
import io.dock2ledger.operations.kpi.KpiGauges;
import io.dock2ledger.support.DemoDayHubTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Grafana dashboard (docker/grafana) queries only metrics the running hub exposes on /actuator/prometheus, through
 * the provisioned datasource; the KPIs are tagged by entity, warehouse, partner and event type; GET /api/v1/kpis has
 * what the workbench's live charts draw.
 */
class KpiDashboardIT extends DemoDayHubTest {

    private static final Path DASHBOARD = Path.of("docker/grafana/dashboards/dock2ledger.json");
    private static final Path DATASOURCE = Path.of("docker/grafana/provisioning/datasources/prometheus.yaml");
    /** An identifier in PromQL, and whether a "(" follows it (a function, not a metric). */
    private static final Pattern IDENTIFIER = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\()?");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset");
    private static final Pattern LABEL_VALUES_METRIC = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");

    @Autowired
    CanonicalEventStore events;

    @Autowired
    KpiGauges gauges;

    @Test
    void everyMetricTheDashboardQueriesIsOneTheHubExposes() throws IOException {
        heldBackEvent();
        // The counter of raised exceptions exists once one is raised: a malformed file from a partner raises one.
        drop("acme-3pl", "shipments_KPI-BROKEN.csv", "shipment_id,order_id\n\"unterminated,SO-50001\n");
        await().atMost(Duration.ofSeconds(60)).until(() -> count(
                "select count(*) from hub_exception where partner = 'acme-3pl' and (source_document like '%KPI-BROKEN%' "
                        + "or reason like '%KPI-BROKEN%' or payload_ref like '%KPI-BROKEN%')") > 0);
        gauges.refreshNow();
        Set<String> exposed = exposedMetricNames();

        JsonNode dashboard = json(Files.readString(DASHBOARD));
        List<String> expressions = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(t -> expressions.add(t.path("expr").asText())));
        dashboard.path("templating").path("list").forEach(v -> expressions.add(v.path("query").path("query").asText()));
        assertThat(expressions).hasSizeGreaterThan(10).doesNotContain("");

        Set<String> queried = new TreeSet<>();
        for (String expression : expressions) {
            Matcher labelValues = LABEL_VALUES_METRIC.matcher(expression);
            if (labelValues.find()) {
                queried.add(labelValues.group(1)); // a variable's query: label_values(metric, label)
                continue;
            }
            queried.addAll(metricsIn(expression));
        }
        assertThat(queried).contains("dock2ledger_invoice_latency_seconds_bucket", "dock2ledger_documents_posted_total",
                "dock2ledger_events_posted_total", "dock2ledger_automation_rate", "dock2ledger_automation_postings",
                "dock2ledger_exceptions_open", "dock2ledger_backlog_events", "dock2ledger_return_credit_time_seconds_bucket",
                "dock2ledger_landed_cost_delay_seconds_bucket", "dock2ledger_exceptions_raised_total");
        assertThat(queried).as("metrics the dashboard queries that /actuator/prometheus does not expose")
                .allMatch(exposed::contains);

        String datasourceUid = new YAMLMapper().readTree(DATASOURCE.toFile()).path("datasources").path(0).path("uid").asText();
        assertThat(dashboard.path("panels").findValues("datasource")).isNotEmpty()
                .allSatisfy(ds -> assertThat(ds.path("uid").asText()).isEqualTo(datasourceUid));
        assertThat(Files.readString(Path.of("docker/grafana/provisioning/dashboards/dock2ledger.yaml")))
                .contains("type: file").contains("/var/lib/grafana/dashboards/dock2ledger");
    }

    @Test
    void theKpisAreTaggedByEntityWarehousePartnerAndEventType() {
        String metrics = get("/actuator/prometheus", "viewer", "dev-viewer").body();
        assertThat(line(metrics, "dock2ledger_invoice_latency_seconds_bucket{"))
                .contains("entity=\"US01\"").contains("warehouse=\"ACME-NJ\"").contains("partner=\"acme-3pl\"")
                .contains("type=\"shipment.confirmed\"").contains("le=\"");
        assertThat(line(metrics, "dock2ledger_return_credit_time_seconds_count{"))
                .contains("warehouse=\"WH-EAST\"").contains("partner=\"wh-east\"").contains("type=\"return.received\"");
        assertThat(line(metrics, "dock2ledger_landed_cost_delay_seconds_count{")).contains("partner=\"carrier-feed\"");
        assertThat(line(metrics, "dock2ledger_documents_posted_total{"))
                .contains("entity=").contains("warehouse=").contains("partner=").contains("type=");
        assertThat(line(metrics, "dock2ledger_exceptions_open{")).contains("owner=").contains("age=");
    }

    @Test
    void theKpiEndpointHasWhatTheLiveChartsDraw() {
        heldBackEvent();
        // The API serves what the last KPI refresh read, if it is at most 5 s old: read now, so that the held-back event
        // is in it whenever the route kpi-refresh last ran.
        gauges.refreshNow();
        JsonNode kpis = api("/api/v1/kpis");
        assertThat(kpis.path("databaseReadAt").asText()).isNotEmpty();
        assertThat(kpis.path("automationReadAt").asText()).isNotEmpty();
        JsonNode latency = kpis.path("invoiceLatency");
        assertThat(latency.path("count").asLong()).isGreaterThanOrEqualTo(2); // SHP-9001, SHP-9002
        JsonNode last = latency.path("buckets").path(latency.path("buckets").size() - 1);
        assertThat(last.path("label").asText()).isEqualTo("+Inf");
        assertThat(last.path("count").asLong()).isEqualTo(latency.path("count").asLong());
        assertThat(latency.path("buckets").findValuesAsText("label")).contains("≤1h", "≤1d", "≤14d");
        assertThat(kpis.path("returnCreditTime").path("count").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(kpis.path("landedCostDelay").path("count").asLong()).isGreaterThanOrEqualTo(2); // FRT-6001, DTY-6002
        int documentsToday = 0;
        for (JsonNode hour : kpis.path("documentsPerHour")) {
            documentsToday += hour.path("documents").asInt();
        }
        assertThat(documentsToday).isGreaterThanOrEqualTo(DEMO_DOCUMENTS);
        JsonNode us01 = kpis.path("automation").path(0);
        assertThat(us01.path("entity").asText()).isEqualTo("US01");
        assertThat(us01.path("automatic").asInt() + us01.path("manual").asInt()).isGreaterThanOrEqualTo(7);
        assertThat(us01.path("rate").asDouble()).isBetween(0.0, 1.0);
        assertThat(kpis.path("backlog").findValuesAsText("status")).contains("ACCEPTED");
        assertThat(get("/api/v1/kpis", null, null).statusCode()).isEqualTo(401);
    }

    private void heldBackEvent() {
        CanonicalEvent like = events.fromJson(jdbc.queryForObject(
                "select p.payload from canonical_event e " + CanonicalEventStore.WITH_PAYLOAD
                        + " where e.source_document = 'SHP-9002'", String.class));
        EventSource source = new EventSource(like.source().partner(), like.source().system(), like.source().channel(),
                like.source().documentType(), "SHP-KPI1", null);
        events.storeIfAbsent(new CanonicalEvent("kpi-held-back-1", like.type(), like.schemaVersion(), source,
                "2026-11-30T10:00:00-05:00", LocalDate.parse("2026-11-30"), Instant.now(), like.warehouse(),
                like.locationCode(), like.references(), like.lines(), null));
    }

    /**
     * The metric names a PromQL expression reads: what is left once strings, label matchers, ranges, grouping clauses
     * and Grafana variables are taken out, and is neither a function (followed by "(") nor a keyword.
     */
    static Set<String> metricsIn(String expression) {
        String bare = expression.replaceAll("\"[^\"]*\"", " ")
                .replaceAll("\\{[^}]*\\}", " ")
                .replaceAll("\\[[^\\]]*\\]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\$\\w+", " ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(bare);
        while (identifier.find()) {
            if (identifier.group(2) == null && !KEYWORDS.contains(identifier.group(1))) {
                names.add(identifier.group(1));
            }
        }
        return names;
    }

    /** Every sample's metric name on /actuator/prometheus, as the hub's viewer scrapes it. */
    private Set<String> exposedMetricNames() {
        var response = get("/actuator/prometheus", "viewer", "dev-viewer");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body().lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String line(String metrics, String prefix) {
        return metrics.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " in /actuator/prometheus"));
    }
}
