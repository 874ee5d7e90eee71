package io.dock2ledger.operations;

import com.fasterxml.jackson.databind.JsonNode;
import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.partners.PartnerRegistry;
import io.dock2ledger.support.HubWithOwnConfig;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12 through the API, on a hub with its own config copy: an exception is resubmitted after a master-data fix
 * that took effect without a restart, resolves itself when its document posts, the partner is told which document
 * failed, the file's progress is visible; discard and assign are audited with who and when; a resubmitted posted
 * document stays posted once; a location named only in the partner's registry file is found.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExceptionActionsIT extends HubWithOwnConfig {

    private static final String HEADER = "shipment_id,order_id,ship_date,ship_from,ship_to_customer,line_no,item,qty,uom,lot,carrier,tracking\n";

    @Test
    @Order(1)
    void unknownItemIsFixedInMasterDataResubmittedAndPostsOnce() throws IOException {
        drop("acme-3pl", "shipments_SHP-WB1.csv", HEADER
                + "SHP-WB1,SO-50003,2026-11-26T11:00:00-05:00,NJ1,CUST-1003,1,ACM-0331,10,EA,,UPSN,1Z5\n"
                + "SHP-WB2,SO-50003,2026-11-26T11:05:00-05:00,NJ1,CUST-1003,2,ACM-0107,1,EA,,UPSN,1Z6\n");

        await().atMost(Duration.ofSeconds(60)).until(() -> openExceptions("SHP-WB1").size() == 1);
        JsonNode exception = openExceptions("SHP-WB1").get(0);
        long id = exception.get("id").asLong();
        assertThat(exception.get("category").asText()).isEqualTo("UNKNOWN_ITEM");
        assertThat(exception.get("owner").asText()).isEqualTo("master-data-team");
        String rawFileId = exception.get("payloadRef").asText().substring("raw_file:".length());

        // The file's progress: two documents, one posted, one failed; the partner's notice names only the failed one.
        await().atMost(Duration.ofSeconds(60)).until(() -> api("/api/v1/files/" + rawFileId).get("posted").asInt() == 1);
        JsonNode progress = api("/api/v1/files/" + rawFileId);
        assertThat(progress.get("total").asInt()).isEqualTo(2);
        assertThat(progress.get("failed").asInt()).isEqualTo(1);
        assertThat(progress.get("read").asInt()).isEqualTo(2);
        assertThat(api("/api/v1/files?partner=acme-3pl").findValuesAsText("fileId")).contains(rawFileId);
        List<String> notice = noticeLines("shipments_SHP-WB1");
        assertThat(notice).hasSize(1);
        assertThat(notice.get(0)).startsWith("SHP-WB1\tUNKNOWN_ITEM\t").contains("ACM-0331");

        // Before the fix: the resubmit fails again, says why, queues nothing, and the exception stays open.
        HttpResponse<String> tooEarly = post("/api/v1/exceptions/" + id + "/resubmit", "operator", "dev-operator", "");
        assertThat(tooEarly.statusCode()).isEqualTo(422);
        assertThat(tooEarly.body()).contains("UNKNOWN_ITEM");
        assertThat(post("/api/v1/exceptions/" + id + "/resubmit", "viewer", "dev-viewer", "").statusCode()).isEqualTo(403);

        // The fix: one cross-reference added to the hub's master-data copy, taken into use without a restart.
        appendToMasterData("partner_item_xref.csv", "acme-3pl,ACM-0331,TEA-EARL");
        MasterData masterData = hub.getBean(MasterData.class);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> masterData.skuForPartnerItem("acme-3pl", "ACM-0331").isPresent());

        HttpResponse<String> resubmitted = post("/api/v1/exceptions/" + id + "/resubmit", "operator", "dev-operator", "");
        assertThat(resubmitted.statusCode()).as(resubmitted.body()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(60)).until(() ->
                "RESOLVED".equals(api("/api/v1/exceptions/" + id).at("/exception/status").asText()));
        JsonNode detail = api("/api/v1/exceptions/" + id);
        assertThat(detail.at("/exception/resolution").asText()).startsWith("posted by event").contains("INV-");
        // Audited in order: the attempt before the fix and its failure, the attempt after it, the posting.
        assertThat(detail.get("actions").findValuesAsText("action"))
                .containsExactly("RESUBMITTED", "RESUBMIT_FAILED", "RESUBMITTED", "RESOLVED");
        assertThat(detail.get("actions").findValuesAsText("actor")).containsExactly("operator", "operator", "operator", "hub");
        assertThat(count("select count(*) from finance_document where source_document = 'SHP-WB1' and kind = 'INVOICE'"))
                .isEqualTo(1);

        // Resolved: nothing more to resubmit; the file is done.
        assertThat(post("/api/v1/exceptions/" + id + "/resubmit", "operator", "dev-operator", "").statusCode()).isEqualTo(409);
        await().atMost(Duration.ofSeconds(30)).until(() -> api("/api/v1/files/" + rawFileId).get("done").asBoolean());
        assertThat(api("/api/v1/files/" + rawFileId).get("posted").asInt()).isEqualTo(2);
    }

    @Test
    @Order(2)
    void aResubmittedPostedDocumentStaysPostedOnce() {
        drop("acme-3pl", "shipments_SHP-WB3.csv", HEADER
                + "SHP-WB3,SO-50003,2026-11-26T12:00:00-05:00,NJ1,CUST-1003,1,ACM-0330,5,EA,,UPSN,1Z7\n");
        await().atMost(Duration.ofSeconds(60)).until(() ->
                count("select count(*) from finance_document where source_document = 'SHP-WB3'") > 0);
        int documents = count("select count(*) from finance_document where source_document = 'SHP-WB3'");

        // A changed resend: POSSIBLE_CORRECTION, its event stored. Resubmitting it posts nothing more.
        drop("acme-3pl", "shipments_SHP-WB3-again.csv", HEADER
                + "SHP-WB3,SO-50003,2026-11-26T12:00:00-05:00,NJ1,CUST-1003,1,ACM-0330,6,EA,,UPSN,1Z7\n");
        await().atMost(Duration.ofSeconds(60)).until(() -> openExceptions("SHP-WB3").size() == 1);
        long id = openExceptions("SHP-WB3").get(0).get("id").asLong();
        assertThat(post("/api/v1/exceptions/" + id + "/resubmit", "operator", "dev-operator", "").statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(60)).until(() -> count(
                "select count(*) from hub_exception where source_document = 'SHP-WB3' and category = 'POSSIBLE_CORRECTION'") == 2);
        assertThat(count("select count(*) from finance_document where source_document = 'SHP-WB3'")).isEqualTo(documents);
        assertThat(count("select count(*) from finance_document where source_document = 'SHP-WB3' and kind = 'INVOICE'"))
                .isEqualTo(1);
    }

    @Test
    @Order(3)
    void discardNeedsAReasonAndAssignChangesTheOwnerBothAudited() {
        List<JsonNode> open = openExceptions("SHP-WB3");
        assertThat(open).hasSize(2);
        long discarded = open.get(0).get("id").asLong();
        long assigned = open.get(1).get("id").asLong();

        assertThat(post("/api/v1/exceptions/" + discarded + "/discard", "operator", "dev-operator", "{}").statusCode())
                .isEqualTo(400);
        HttpResponse<String> discard = post("/api/v1/exceptions/" + discarded + "/discard", "operator", "dev-operator",
                "{\"reason\":\"the partner confirmed the first quantity\"}");
        assertThat(discard.statusCode()).as(discard.body()).isEqualTo(200);
        assertThat(json(discard.body()).get("status").asText()).isEqualTo("DISCARDED");
        assertThat(post("/api/v1/exceptions/" + discarded + "/discard", "operator", "dev-operator",
                "{\"reason\":\"again\"}").statusCode()).isEqualTo(409);
        JsonNode actions = api("/api/v1/exceptions/" + discarded).get("actions");
        assertThat(actions.findValuesAsText("action")).containsExactly("RESUBMITTED", "DISCARDED");
        JsonNode action = actions.get(1);
        assertThat(action.get("action").asText()).isEqualTo("DISCARDED");
        assertThat(action.get("actor").asText()).isEqualTo("operator");
        assertThat(action.get("detail").asText()).isEqualTo("the partner confirmed the first quantity");
        assertThat(action.get("at").asText()).isNotBlank();

        HttpResponse<String> assign = post("/api/v1/exceptions/" + assigned + "/assign", "operator", "dev-operator",
                "{\"owner\":\"alice\"}");
        assertThat(assign.statusCode()).as(assign.body()).isEqualTo(200);
        assertThat(api("/api/v1/exceptions?owner=alice").findValuesAsText("id")).containsExactly(String.valueOf(assigned));
        assertThat(api("/api/v1/exceptions/" + assigned).at("/actions/0/detail").asText()).isEqualTo("from finance to alice");
        assertThat(api("/api/v1/exceptions?status=discarded&category=POSSIBLE_CORRECTION&partner=acme-3pl")
                .findValuesAsText("id")).containsExactly(String.valueOf(discarded));
        assertThat(api("/api/v1/exceptions?owner=alice&age=under-1h")).hasSize(1);
        assertThat(api("/api/v1/exceptions?owner=alice&age=over-7d")).isEmpty();
    }

    @Test
    @Order(4)
    void aLocationNamedOnlyInThePartnersRegistryFileIsFound() throws IOException {
        Path partnerFile = configDir.resolve("partners").resolve("acme-3pl.yaml");
        Files.writeString(partnerFile, Files.readString(partnerFile).replace("  NJ1: ACME-NJ\n", "  NJ1: ACME-NJ\n  NJ7: ACME-NJ\n"));
        PartnerRegistry partners = hub.getBean(PartnerRegistry.class);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                partners.partner("acme-3pl").orElseThrow().locations().containsKey("NJ7"));

        drop("acme-3pl", "shipments_SHP-WB4.csv", HEADER
                + "SHP-WB4,SO-50003,2026-11-26T13:00:00-05:00,NJ7,CUST-1003,1,ACM-0330,1,EA,,UPSN,1Z8\n");
        await().atMost(Duration.ofSeconds(60)).until(() ->
                count("select count(*) from finance_document where source_document = 'SHP-WB4' and kind = 'INVOICE'") == 1);
        assertThat(openExceptions("SHP-WB4")).isEmpty();
    }

    private List<JsonNode> openExceptions(String sourceDocument) {
        List<JsonNode> found = new java.util.ArrayList<>();
        api("/api/v1/exceptions?status=open").forEach(x -> {
            if (sourceDocument.equals(x.get("sourceDocument").asText())) {
                found.add(x);
            }
        });
        return found;
    }

    private List<String> noticeLines(String stem) throws IOException {
        Path outbox = dataDir.resolve("partners/acme-3pl/outbox");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.isDirectory(outbox));
        try (Stream<Path> files = Files.list(outbox)) {
            Path notice = files.filter(f -> f.getFileName().toString().startsWith(stem + ".")
                    && f.getFileName().toString().endsWith(".csv.reason")).findFirst().orElseThrow();
            return Files.readAllLines(notice, StandardCharsets.UTF_8);
        }
    }
}
