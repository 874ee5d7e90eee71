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

        long resubmitStart = System.nanoTime();
        HttpResponse<String> resubmitted = post("/api/v1/exceptions/" + id + "/resubmit", "operator", "dev-operator", "");
        assertThat(resubmitted.statusCode()).as(resubmitted.body()).isEqualTo(202);
        // The resubmit hands the event to the posting queue and answers: it waited 20 s (the JMS request timeout) for
        // a reply that cannot come while a request-reply sat on the transacted posting queue.
        assertThat(Duration.ofNanos(System.nanoTime() - resubmitStart)).as("resubmit answered")
                .isLessThan(Duration.ofSeconds(20));

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

        // A changed resend: POSSIBLE_CORRECTION, its event stored. Resubmitting it closes it with a note, raises no
        // second exception and posts nothing more.
        drop("acme-3pl", "shipments_SHP-WB3-again.csv", HEADER
                + "SHP-WB3,SO-50003,2026-11-26T12:00:00-05:00,NJ1,CUST-1003,1,ACM-0330,6,EA,,UPSN,1Z7\n");
        await().atMost(Duration.ofSeconds(60)).until(() -> openExceptions("SHP-WB3").size() == 1);
        long id = openExceptions("SHP-WB3").get(0).get("id").asLong();
        HttpResponse<String> resubmitted = post("/api/v1/exceptions/" + id + "/resubmit", "operator", "dev-operator", "");
        assertThat(resubmitted.statusCode()).as(resubmitted.body()).isEqualTo(202);
        assertThat(json(resubmitted.body()).get("events").asInt()).isZero();

        JsonNode closed = api("/api/v1/exceptions/" + id);
        assertThat(closed.at("/exception/status").asText()).isEqualTo("RESOLVED");
        assertThat(closed.at("/exception/resolvedBy").asText()).isEqualTo("operator");
        assertThat(closed.at("/exception/resolution").asText()).contains("SHP-WB3 stays posted once").contains("reverse");
        assertThat(closed.get("actions").findValuesAsText("action")).containsExactly("RESUBMITTED");
        assertThat(post("/api/v1/exceptions/" + id + "/resubmit", "operator", "dev-operator", "").statusCode())
                .isEqualTo(409);
        assertThat(count("select count(*) from hub_exception where source_document = 'SHP-WB3' and category = "
                + "'POSSIBLE_CORRECTION'")).isEqualTo(1);
        assertThat(count("select count(*) from finance_document where source_document = 'SHP-WB3'")).isEqualTo(documents);
        assertThat(count("select count(*) from finance_document where source_document = 'SHP-WB3' and kind = 'INVOICE'"))
                .isEqualTo(1);

        // Two more changed resends: two open corrections, for discard and assign below.
        drop("acme-3pl", "shipments_SHP-WB3-third.csv", HEADER
                + "SHP-WB3,SO-50003,2026-11-26T12:00:00-05:00,NJ1,CUST-1003,1,ACM-0330,7,EA,,UPSN,1Z7\n");
        drop("acme-3pl", "shipments_SHP-WB3-fourth.csv", HEADER
                + "SHP-WB3,SO-50003,2026-11-26T12:00:00-05:00,NJ1,CUST-1003,1,ACM-0330,8,EA,,UPSN,1Z7\n");
        await().atMost(Duration.ofSeconds(60)).until(() -> openExceptions("SHP-WB3").size() == 2);
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
        assertThat(actions.findValuesAsText("action")).containsExactly("DISCARDED");
        JsonNode action = actions.get(0);
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

    /**
     * An X12 945 set failed before it became an event (an unknown partner item): resubmit re-reads exactly that set of
     * the archived file, without the duplicate-interchange refusal and without acknowledging anything again, and posts
     * it once; the other set of the same interchange is not sent again.
     */
    @Test
    @Order(5)
    void oneFailedSetOfAnEdiInterchangeIsResubmittedWithoutAnotherAcknowledgment() throws IOException {
        drop("acme-3pl", "ship_wb56.x12", x12Shipments("000000561",
                shipment945("0001", "SHP-WB5", "ACM-0330", 2), shipment945("0002", "SHP-WB6", "ACM-0332", 3)));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                count("select count(*) from finance_document where source_document = 'SHP-WB5' and kind = 'INVOICE'") == 1
                        && openByReason("ACM-0332").size() == 1);
        JsonNode exception = openByReason("ACM-0332").get(0);
        long id = exception.get("id").asLong();
        assertThat(exception.get("category").asText()).isEqualTo("UNKNOWN_ITEM");
        String rawFileId = exception.get("payloadRef").asText().substring("raw_file:".length());
        assertThat(api("/api/v1/files/" + rawFileId).get("total").asInt()).as("two transaction sets").isEqualTo(2);
        List<String> acknowledgments = outboxFilesOtherThanNotices("acme-3pl");
        assertThat(acknowledgments).as("the 997 of the interchange").isNotEmpty();

        // Before the fix it fails again (422): the set was read again, not refused as a duplicate interchange (409).
        HttpResponse<String> tooEarly = post("/api/v1/exceptions/" + id + "/resubmit", "operator", "dev-operator", "");
        assertThat(tooEarly.statusCode()).as(tooEarly.body()).isEqualTo(422);
        assertThat(tooEarly.body()).contains("UNKNOWN_ITEM").doesNotContain("uplicate");

        appendToMasterData("partner_item_xref.csv", "acme-3pl,ACM-0332,TEA-EARL");
        MasterData masterData = hub.getBean(MasterData.class);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> masterData.skuForPartnerItem("acme-3pl", "ACM-0332").isPresent());

        // Resubmitted twice in a row: the second is either refused (already resolved) or a duplicate; it posts once.
        HttpResponse<String> resubmitted = post("/api/v1/exceptions/" + id + "/resubmit", "operator", "dev-operator", "");
        assertThat(resubmitted.statusCode()).as(resubmitted.body()).isEqualTo(202);
        assertThat(post("/api/v1/exceptions/" + id + "/resubmit", "operator", "dev-operator", "").statusCode())
                .isIn(202, 409);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                "RESOLVED".equals(api("/api/v1/exceptions/" + id).at("/exception/status").asText()));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "select count(*) from canonical_event where source_document = 'SHP-WB6' and status in ('ACCEPTED', 'WAITING')") == 0);
        assertThat(count("select count(*) from finance_document where source_document = 'SHP-WB6' and kind = 'INVOICE'"))
                .isEqualTo(1);
        assertThat(api("/api/v1/exceptions/" + id).at("/exception/resolution").asText()).contains("INV-");

        // Exactly the one set: the other set of the interchange was not sent again; nothing was acknowledged again and
        // no duplicate interchange was recorded.
        assertThat(count("select count(*) from canonical_event where source_document = 'SHP-WB5'")).isEqualTo(1);
        assertThat(count("select count(*) from finance_document where source_document = 'SHP-WB5' and kind = 'INVOICE'"))
                .isEqualTo(1);
        assertThat(outboxFilesOtherThanNotices("acme-3pl")).isEqualTo(acknowledgments);
        assertThat(count("select count(*) from hub_exception where category = 'DUPLICATE_INTERCHANGE' and payload_ref = ?",
                "raw_file:" + rawFileId)).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> api("/api/v1/files/" + rawFileId).get("done").asBoolean());
        assertThat(api("/api/v1/files/" + rawFileId).get("posted").asInt()).isEqualTo(2);
    }

    /**
     * A JMS message and a webhook body that failed before they became events are resubmitted from the bodies the hub
     * kept when they arrived (archived as raw files): after the fix each posts once and its exception resolves.
     */
    @Test
    @Order(6)
    void failedJmsAndWebhookMessagesAreResubmittedFromTheirKeptBodies() throws Exception {
        hub.getBean(org.springframework.jms.core.JmsTemplate.class).convertAndSend("dock2ledger.inbound.wh-east",
                transferShipped("7d0c1a54-0000-4000-8000-0000000012a1", "TRF-RS-JMS", "MUG-GREEN"));
        byte[] body = transferShipped("7d0c1a54-0000-4000-8000-0000000012a2", "TRF-RS-WH", "MUG-GREEN")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> refused = webhook("wh-east", body);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        await().atMost(Duration.ofSeconds(60)).until(() -> openByReason("MUG-GREEN").size() == 2);
        long jmsException = openExceptions("TRF-RS-JMS").get(0).get("id").asLong();
        JsonNode webhookException = openByReason("MUG-GREEN").stream()
                .filter(x -> !x.get("sourceDocument").asText().equals("TRF-RS-JMS")).findFirst().orElseThrow();
        // The webhook's refusal names the document type and its kept body, not yet a document id.
        assertThat(webhookException.get("sourceDocument").asText()).startsWith("transfer-shipped in raw file ");
        long webhookId = webhookException.get("id").asLong();

        appendToMasterData("items.csv", "MUG-GREEN,Green ceramic mug 350ml,EA,2.40,0.35,STD");
        appendToMasterData("uom_conversions.csv", "MUG-GREEN,CA,12");
        MasterData masterData = hub.getBean(MasterData.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> masterData.item("MUG-GREEN").isPresent()
                && masterData.baseUnitsPer("MUG-GREEN", "CA").isPresent());

        for (long id : List.of(jmsException, webhookId)) {
            HttpResponse<String> resubmitted = post("/api/v1/exceptions/" + id + "/resubmit", "operator", "dev-operator", "");
            assertThat(resubmitted.statusCode()).as(resubmitted.body()).isEqualTo(202);
        }
        for (long id : List.of(jmsException, webhookId)) {
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    "RESOLVED".equals(api("/api/v1/exceptions/" + id).at("/exception/status").asText()));
        }
        assertThat(api("/api/v1/exceptions/" + webhookId).at("/exception/sourceDocument").asText()).isEqualTo("TRF-RS-WH");
        assertThat(api("/api/v1/exceptions/" + webhookId).get("actions").findValuesAsText("action"))
                .containsExactly("IDENTIFIED", "RESUBMITTED", "RESOLVED");
        for (String transfer : List.of("TRF-RS-JMS", "TRF-RS-WH")) {
            assertThat(count("select count(*) from finance_document where source_document = ?", transfer))
                    .as(transfer).isEqualTo(1);
            assertThat(jdbc.queryForObject("select channel from canonical_event where source_document = ?",
                    String.class, transfer)).isEqualTo(transfer.endsWith("JMS") ? "jms" : "webhook");
        }
    }

    private List<JsonNode> openByReason(String text) {
        List<JsonNode> found = new java.util.ArrayList<>();
        api("/api/v1/exceptions?status=open").forEach(x -> {
            if (x.get("reason").asText().contains(text)) {
                found.add(x);
            }
        });
        return found;
    }

    private List<String> outboxFilesOtherThanNotices(String partner) throws IOException {
        Path outbox = dataDir.resolve("partners").resolve(partner).resolve("outbox");
        if (!Files.isDirectory(outbox)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(outbox)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> !n.endsWith(".reason")).sorted().toList();
        }
    }

    private static String shipment945(String control, String shipment, String item, int quantity) {
        return String.join("~\n", "ST*945*" + control, "W06*N*SO-50003*20261126*" + shipment,
                "N1*ST*Lakeside Deli*91*CUST-1003", "N1*SF*ACME Logistics Edison*91*NJ1", "N9*BM*BOL-" + shipment,
                "G62*11*20261126", "W27*M*UPSN", "LX*1", "W12*CC*" + quantity + "*" + quantity + "*0*EA**VN*" + item,
                "W03*" + quantity + "*1.00*KG", "SE*11*" + control) + "~\n";
    }

    private static String x12Shipments(String interchange, String... sets) {
        String group = String.valueOf(Integer.parseInt(interchange));
        return "ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*DOCKSIDE       *261126*1405*U*00401*"
                + interchange + "*0*P*>~\n" + "GS*SW*ACME3PL*DOCKSIDE*20261126*1405*" + group + "*X*004010~\n"
                + String.join("", sets) + "GE*" + sets.length + "*" + group + "~\nIEA*1*" + interchange + "~\n";
    }

    private static String transferShipped(String id, String transfer, String sku) {
        return """
                {"type": "transfer.shipped", "id": "%s", "warehouse": "WH-EAST", "occurredAt": "2026-11-26T16:30:00Z",
                 "transfer": "%s", "toWarehouse": "WH-WEST", "lines": [{"sku": "%s", "quantity": 4, "uom": "CA"}]}"""
                .formatted(id, transfer, sku);
    }

    private HttpResponse<String> webhook(String partner, byte[] body) throws Exception {
        String secret = hub.getEnvironment().getProperty("DOCK2LEDGER_WEBHOOK_SECRET_WH_EAST");
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(baseUrl() + "/api/v1/inbound/" + partner))
                .header("Content-Type", "application/json")
                .header(io.dock2ledger.intake.webhook.WebhookSignature.HEADER,
                        io.dock2ledger.intake.webhook.WebhookSignature.sign(secret, body))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
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
