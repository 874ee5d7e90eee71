package io.dock2ledger.operations;

import com.fasterxml.jackson.databind.JsonNode;
import io.dock2ledger.support.DemoDayHubTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule-change preview replays the demo days against a candidate posting-rules.yaml and shows, document by document,
 * what it changes against what was posted, posting nothing.
 */
class RulePreviewIT extends DemoDayHubTest {

    private static final String PREVIEW = "/api/v1/posting-rules/preview?entity=US01&from=2026-11-25&to=2026-11-27";

    @Test
    void aCandidateThatMovesAReasonCodeToAnotherAccountChangesOnlyThatJournal() throws IOException {
        String current = Files.readString(Path.of("config/posting-rules.yaml"));
        String candidate = current.replace("\"AV\": \"5110\"", "\"AV\": \"5200\"");
        assertThat(candidate).isNotEqualTo(current);
        int documentsBefore = count("select count(*) from finance_document");
        int ledgerBefore = count("select count(*) from posting_ledger");

        var response = post(PREVIEW, "operator", "dev-operator", "application/yaml", candidate);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode report = json(response.body());

        assertThat(report.path("rules").asText()).isEqualTo("request body");
        assertThat(report.path("changedDocuments").asInt()).isEqualTo(1);
        assertThat(report.path("currentRulesDrift").asInt()).as("today's rules replayed reproduce every posted journal")
                .isZero();
        List<String> sources = report.path("documents").findValuesAsText("sourceDocument");
        assertThat(sources).contains("SHP-9001", "SHP-9002", "RCV-3001", "ADJ-4001", "RMA-80001", "FRT-6001", "DTY-6002");
        assertThat(report.path("documentsCompared").asInt()).isGreaterThanOrEqualTo(11);

        JsonNode adjustment = only(report, "CHANGED");
        assertThat(adjustment.path("sourceDocument").asText()).isEqualTo("ADJ-4001");
        assertThat(adjustment.path("journalKind").asText()).isEqualTo("INVENTORY_ADJUSTMENT");
        assertThat(adjustment.path("documentNumber").asText()).startsWith("JE-US01-");
        assertThat(adjustment.path("candidateOutcome").asText()).isEqualTo("POSTED");
        JsonNode damage = line(adjustment, "5110");
        JsonNode scrap = line(adjustment, "5200");
        assertThat(new BigDecimal(damage.path("posted").asText())).isEqualByComparingTo("88.50");
        assertThat(absent(damage.path("candidate"))).as("no 5110 line in the candidate: " + damage).isTrue();
        assertThat(new BigDecimal(damage.path("difference").asText())).isEqualByComparingTo("-88.50");
        assertThat(absent(scrap.path("posted"))).as("no 5200 line posted: " + scrap).isTrue();
        assertThat(new BigDecimal(scrap.path("candidate").asText())).isEqualByComparingTo("88.50");
        assertThat(new BigDecimal(line(adjustment, "1200").path("difference").asText())).isEqualByComparingTo("0");

        assertThat(count("select count(*) from finance_document")).as("nothing posted").isEqualTo(documentsBefore);
        assertThat(count("select count(*) from posting_ledger")).isEqualTo(ledgerBefore);
    }

    @Test
    void theRulesInForceAsACandidateChangeNothing() {
        var response = post(PREVIEW + "&path=posting-rules.yaml", "admin", ADMIN_PASSWORD, "application/yaml", "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode report = json(response.body());
        assertThat(report.path("rules").asText()).isEqualTo("config/posting-rules.yaml");
        assertThat(report.path("changedDocuments").asInt()).isZero();
        assertThat(report.path("documents").findValuesAsText("change")).isNotEmpty().allMatch("SAME"::equals);
    }

    /**
     * A one-day period replays that day's events and only the earlier events whose state they need: the landed-cost
     * charges of 2026-11-27 are allocated over the receipt RCV-3001 of an earlier day, which is replayed for the state
     * it leaves (and the charges' journals are reproduced exactly); an adjustment of another day, which no event of the
     * period depends on, is not replayed.
     */
    @Test
    void onlyThePeriodAndTheEventsWhoseStateItNeedsAreReplayed() {
        String day = "2026-11-27";
        assertThat(jdbc.queryForObject("select business_date from canonical_event where source_document = 'FRT-6001'",
                java.sql.Date.class).toString()).isEqualTo(day);
        assertThat(jdbc.queryForObject("select business_date from canonical_event where source_document = 'RCV-3001'",
                java.sql.Date.class).toLocalDate()).isBefore(java.time.LocalDate.parse(day));
        assertThat(jdbc.queryForObject("select business_date from canonical_event where source_document = 'ADJ-4001'",
                java.sql.Date.class).toString()).isNotEqualTo(day);

        var response = post("/api/v1/posting-rules/preview?entity=US01&from=" + day + "&to=" + day
                + "&path=posting-rules.yaml", "operator", "dev-operator", "application/yaml", "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode report = json(response.body());

        List<String> forState = new ArrayList<>();
        report.path("replayedForState").forEach(d -> forState.add(d.asText()));
        assertThat(forState).contains("RCV-3001").doesNotContain("ADJ-4001", "FRT-6001", "DTY-6002");
        int inPeriod = count("select count(*) from canonical_event where business_date = ? and status <> 'DUPLICATE'",
                java.sql.Date.valueOf(day));
        assertThat(report.path("replayedEvents").asInt()).isEqualTo(inPeriod + forState.size());
        assertThat(report.path("replayedEvents").asInt()).as("events outside the period are not all replayed")
                .isLessThan(count("select count(*) from canonical_event where status <> 'DUPLICATE'"));

        // The state was the right one: today's rules reproduce the charges' allocation over RCV-3001 to the cent.
        assertThat(report.path("documents").findValuesAsText("sourceDocument")).contains("FRT-6001", "DTY-6002")
                .doesNotContain("RCV-3001", "ADJ-4001");
        assertThat(report.path("currentRulesDrift").asInt()).isZero();
        assertThat(report.path("changedDocuments").asInt()).isZero();
    }

    @Test
    void anInvalidCandidateOrAPathOutsideConfigIsRefused() throws IOException {
        String unknownAccount = Files.readString(Path.of("config/posting-rules.yaml"))
                .replace("revenue: \"4000\"", "revenue: \"4999\"");
        var invalid = post(PREVIEW, "operator", "dev-operator", "application/yaml", unknownAccount);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("4999");
        assertThat(post(PREVIEW + "&path=../pom.xml", "operator", "dev-operator", "application/yaml", "").statusCode())
                .isEqualTo(400);
        assertThat(post(PREVIEW, "viewer", "dev-viewer", "application/yaml", "period-policy: hold").statusCode())
                .isEqualTo(403);
    }

    private static JsonNode only(JsonNode report, String change) {
        List<JsonNode> found = new ArrayList<>();
        report.path("documents").forEach(d -> {
            if (d.path("change").asText().equals(change)) {
                found.add(d);
            }
        });
        assertThat(found).as(change + " documents in " + report).hasSize(1);
        return found.get(0);
    }

    private static boolean absent(JsonNode value) {
        return value.isMissingNode() || value.isNull();
    }

    private static JsonNode line(JsonNode document, String account) {
        for (JsonNode line : document.path("lines")) {
            if (line.path("account").asText().equals(account)) {
                return line;
            }
        }
        throw new AssertionError("no account " + account + " in " + document);
    }
}
