package io.dock2ledger.intake;

import io.dock2ledger.intake.webhook.WebhookSignature;
import io.dock2ledger.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jms.core.JmsTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The message channels of wh-east: its JMS queue (a route instantiated from the registry) and its signed webhook.
 * The webhook is called over real HTTP through the security filter chain, which lets /api/v1/inbound/** through
 * without an account or CSRF token: the HMAC signature is the authentication, checked by the controller.
 */
class MessageChannelsIT extends HubIntegrationTest {

    private static final String SECRET = "test-only-webhook-secret-wh-east";

    @Autowired
    private JmsTemplate jms;

    /** What the hub answered a webhook call. */
    private record Reply(int status, String body) {
    }

    @Test
    void jsonEventOnThePartnersQueueBecomesACanonicalEvent() {
        jms.convertAndSend("dock2ledger.inbound.wh-east", transferShipped("7d0c1a54-0000-4000-8000-000000000001", "TRF-JMS-1", "MUG-RED"));

        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("select count(*) from canonical_event where event_id = '7d0c1a54-0000-4000-8000-000000000001'") == 1);
        Map<String, Object> event = jdbc.queryForMap("select event_type, channel, partner, source_document, raw_file_id "
                + "from canonical_event where event_id = '7d0c1a54-0000-4000-8000-000000000001'");
        assertThat(event).containsEntry("event_type", "transfer.shipped").containsEntry("channel", "jms")
                .containsEntry("partner", "wh-east").containsEntry("source_document", "TRF-JMS-1");
        assertThat(count("select count(*) from raw_file where id = ? and file_name like 'jms-%'", event.get("raw_file_id")))
                .as("the message is archived like a file").isEqualTo(1);
    }

    @Test
    void queueMessageOfAnUnknownTypeIsRecordedAndKept() {
        jms.convertAndSend("dock2ledger.inbound.wh-east", """
                {"type": "pallet.weighed", "id": "w-1", "warehouse": "WH-EAST", "pallet": "PAL-JMS-UNKNOWN"}""");

        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "select count(*) from hub_exception where partner = 'wh-east' and reason like '%pallet.weighed%'") == 1);
        Map<String, Object> exception = jdbc.queryForMap(
                "select category, payload_ref from hub_exception where partner = 'wh-east' and reason like '%pallet.weighed%'");
        assertThat(exception.get("category")).isEqualTo("UNKNOWN_DOCUMENT");
        assertThat(count("select count(*) from raw_file where partner = 'wh-east' and file_name like 'jms-%' "
                + "and received_at is not null")).isPositive();
    }

    @Test
    void queueMessageWithAnUnknownItemIsAMasterDataException() {
        jms.convertAndSend("dock2ledger.inbound.wh-east", transferShipped("7d0c1a54-0000-4000-8000-000000000002", "TRF-JMS-2", "MUG-GREEN"));

        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("select count(*) from hub_exception where source_document = 'TRF-JMS-2'") == 1);
        Map<String, Object> exception = jdbc.queryForMap(
                "select category, owner, reason, payload_ref from hub_exception where source_document = 'TRF-JMS-2'");
        assertThat(exception).containsEntry("category", "UNKNOWN_ITEM").containsEntry("owner", "master-data-team");
        assertThat((String) exception.get("reason")).contains("MUG-GREEN");
        assertThat((String) exception.get("payload_ref")).startsWith("raw_file:");
    }

    @Test
    void signedWebhookIsAcceptedWithItsEventIds() throws Exception {
        byte[] body = transferShipped("7d0c1a54-0000-4000-8000-000000000003", "TRF-WH-1", "MUG-BLU").getBytes(StandardCharsets.UTF_8);

        Reply result = webhook("wh-east", body, WebhookSignature.sign(SECRET, body), MediaType.APPLICATION_JSON_VALUE);

        assertThat(result.status()).isEqualTo(202);
        assertThat(result.body())
                .isEqualTo("{\"accepted\":[\"7d0c1a54-0000-4000-8000-000000000003\"]}");
        assertThat(jdbc.queryForMap("select channel, event_type from canonical_event where event_id = ?",
                "7d0c1a54-0000-4000-8000-000000000003"))
                .containsEntry("channel", "webhook").containsEntry("event_type", "transfer.shipped");
    }

    @Test
    void webhookWithABadOrMissingSignatureIsRefusedAndNothingIsStored() throws Exception {
        byte[] body = transferShipped("7d0c1a54-0000-4000-8000-000000000004", "TRF-WH-2", "MUG-BLU").getBytes(StandardCharsets.UTF_8);
        int rawFiles = count("select count(*) from raw_file where partner = 'wh-east'");

        Reply wrongSecret = webhook("wh-east", body, WebhookSignature.sign("guessed", body), MediaType.APPLICATION_JSON_VALUE);
        Reply missing = webhook("wh-east", body, null, MediaType.APPLICATION_JSON_VALUE);
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("\"quantity\": 4", "\"quantity\": 40")
                .getBytes(StandardCharsets.UTF_8);
        Reply otherBody = webhook("wh-east", tampered, WebhookSignature.sign(SECRET, body), MediaType.APPLICATION_JSON_VALUE);

        assertThat(wrongSecret.status()).isEqualTo(401);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(otherBody.status()).isEqualTo(401);
        assertThat(count("select count(*) from raw_file where partner = 'wh-east'")).isEqualTo(rawFiles);
        assertThat(count("select count(*) from canonical_event where source_document = 'TRF-WH-2'")).isZero();
    }

    @Test
    void webhookRefusalsSayWhy() throws Exception {
        byte[] body = transferShipped("7d0c1a54-0000-4000-8000-000000000005", "TRF-WH-3", "MUG-PURPLE").getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSignature.sign(SECRET, body);

        assertThat(webhook("no-such-partner", body, signature, MediaType.APPLICATION_JSON_VALUE).status())
                .isEqualTo(404);
        assertThat(webhook("acme-3pl", body, signature, MediaType.APPLICATION_JSON_VALUE).status())
                .as("a partner without the webhook channel").isEqualTo(404);
        assertThat(webhook("wh-east", body, signature, MediaType.TEXT_PLAIN_VALUE).status()).isEqualTo(415);
        byte[] huge = new byte[1024 * 1024 + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        assertThat(webhook("wh-east", huge, WebhookSignature.sign(SECRET, huge), MediaType.APPLICATION_JSON_VALUE)
                .status()).isEqualTo(413);
        byte[] notJson = "{not json".getBytes(StandardCharsets.UTF_8);
        assertThat(webhook("wh-east", notJson, WebhookSignature.sign(SECRET, notJson), MediaType.APPLICATION_JSON_VALUE)
                .status()).isEqualTo(400);

        Reply unknownItem = webhook("wh-east", body, signature, MediaType.APPLICATION_JSON_VALUE);
        assertThat(unknownItem.status()).isEqualTo(422);
        assertThat(unknownItem.body()).contains("UNKNOWN_ITEM").contains("MUG-PURPLE");
        assertThat(count("select count(*) from canonical_event where source_document = 'TRF-WH-3'")).isZero();
    }

    /** A partner's call over real HTTP, through the hub's security filter chain: no account, only the signature. */
    private Reply webhook(String partner, byte[] body, String signature, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/inbound/" + partner))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header(WebhookSignature.HEADER, signature);
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }

    private static String transferShipped(String id, String transfer, String sku) {
        return """
                {"type": "transfer.shipped", "id": "%s", "warehouse": "WH-EAST", "occurredAt": "2026-11-26T16:30:00Z",
                 "transfer": "%s", "toWarehouse": "WH-WEST", "lines": [{"sku": "%s", "quantity": 4, "uom": "CA"}]}"""
                .formatted(id, transfer, sku);
    }
}
