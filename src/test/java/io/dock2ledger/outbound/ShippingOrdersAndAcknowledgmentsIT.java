package io.dock2ledger.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.dock2ledger.support.HubIntegrationTest;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hub's own documents and the partner's answers, through the running hub: a sales order released to the 3PL's
 * warehouse becomes a 940 in its outbox; the 997, 999 or TA1 the 3PL drops into its inbox settles the 940's status;
 * an unanswered 940 turns OVERDUE on the timer route, and a late answer still settles it.
 */
class ShippingOrdersAndAcknowledgmentsIT extends HubIntegrationTest {

    private static final Duration SETTLED_WITHIN = Duration.ofSeconds(30);
    /** ISA13 of the 3PL's acknowledgment interchanges: each must be new, or the hub refuses it as a duplicate. */
    private static final AtomicInteger ACK_INTERCHANGES = new AtomicInteger(700_000_000 + (int) (System.nanoTime() % 1000) * 1000);

    @Autowired
    private JmsTemplate jms;

    @Test
    void aReleasedOrderIsSentOnceAsA940AndThe3plsAcceptingAckSettlesIt() throws IOException {
        HttpResponse<String> released = post("/api/v1/shipping-orders", "operator", "dev-operator",
                "{\"orderId\": \"SO-50002\", \"warehouse\": \"ACME-NJ\", \"requestedShipDate\": \"2026-11-30\"}");
        assertThat(released.statusCode()).as(released.body()).isEqualTo(201);
        JsonNode document = json(released.body());
        assertThat(document.path("status").asText()).isEqualTo("SENT");
        assertThat(document.path("documentType").asText()).isEqualTo("940");
        assertThat(document.has("requestHash")).isFalse();

        Path sent = outbox("acme-3pl").resolve(document.path("fileName").asText());
        assertThat(sent).exists();
        String edi = Files.readString(sent);
        assertThat(edi).startsWith("ISA*00*          *00*          *ZZ*DOCKSIDE       *ZZ*ACME3PL        *")
                .contains("W05*N*SO-50002~", "W01*96*EA**VN*ACM-0330*SK*TEA-EARL~", "W01*24*EA**VN*ACM-0002*SK*MUG-BLU~",
                        "GE*1*" + document.path("groupControl").asText() + "~");
        assertThat(get("/api/v1/outbound-documents/" + document.path("id").asLong() + "/content", "viewer",
                "dev-viewer").body()).isEqualTo(edi);

        HttpResponse<String> again = post("/api/v1/shipping-orders", "operator", "dev-operator",
                "{\"orderId\": \"SO-50002\", \"warehouse\": \"ACME-NJ\", \"requestedShipDate\": \"2026-11-30\"}");
        assertThat(again.statusCode()).as("the same release again sends nothing").isEqualTo(200);
        assertThat(json(again.body()).path("id").asLong()).isEqualTo(document.path("id").asLong());
        assertThat(sent940s("SO-50002")).hasSize(1);

        HttpResponse<String> changed = post("/api/v1/shipping-orders", "operator", "dev-operator",
                "{\"orderId\": \"SO-50002\", \"warehouse\": \"ACME-NJ\", \"lines\": [{\"line\": 1, \"quantity\": 10}]}");
        assertThat(changed.statusCode()).isEqualTo(409);
        assertThat(changed.body()).contains("was already sent as 940 SO-50002");

        String ack = ack997(document, "AK2*940*" + document.path("setControl").asText() + "~AK5*A~AK9*A*1*1*1~");
        Path dropped = drop("acme-3pl", "997_" + document.path("groupControl").asText() + ".x12", ack);

        JsonNode settled = awaitStatus(document.path("id").asLong(), "ACCEPTED");
        assertThat(settled.path("ackType").asText()).isEqualTo("997");
        assertThat(settled.path("ackDetail").asText()).contains("997 in interchange").contains("accepted");
        assertThat(settled.path("acknowledgedAt").isTextual()).isTrue();
        await().atMost(SETTLED_WITHIN).until(() -> Files.notExists(dropped));
        assertThat(api("/api/v1/outbound-documents?reference=SO-50002&status=accepted")).hasSize(1);
    }

    @Test
    void aRejectionIsAnOwnedExceptionTheOrderCanBeSentAgainAndATa1CanRejectTheInterchange() {
        String release = "{\"orderId\": \"SO-50001\", \"warehouse\": \"ACME-NJ\", \"lines\": [{\"line\": 1, \"quantity\": 12}]}";
        JsonNode first = json(post("/api/v1/shipping-orders", "operator", "dev-operator", release).body());

        String ik = "AK2*940*" + first.path("setControl").asText() + "~IK3*W01*8**8~IK4*2*355*7*EA~IK5*R*5~AK9*R*1*1*0~";
        drop("acme-3pl", "999_" + first.path("groupControl").asText() + ".x12", ack999(first, ik));

        JsonNode rejected = awaitStatus(first.path("id").asLong(), "REJECTED");
        assertThat(rejected.path("ackType").asText()).isEqualTo("999");
        assertThat(rejected.path("ackDetail").asText())
                .contains("rejected")
                .contains("segment W01 at position 8: segment has data element errors (code 8)")
                .contains("W01 element 2 (data element 355): invalid code value (code 7), value 'EA'");
        Map<String, Object> exception = jdbc.queryForMap("""
                select owner, reason, payload_ref from hub_exception where category = 'OUTBOUND_REJECTED'
                and source_document = ? order by id desc limit 1""", describe(first));
        assertThat(exception.get("owner")).isEqualTo("integration-team");
        assertThat((String) exception.get("reason")).contains("acme-3pl rejected it").contains("invalid code value");
        assertThat((String) exception.get("payload_ref")).startsWith("raw_file:");

        HttpResponse<String> resent = post("/api/v1/shipping-orders", "operator", "dev-operator", release);
        assertThat(resent.statusCode()).as("a rejected 940 no longer stands: " + resent.body()).isEqualTo(201);
        JsonNode second = json(resent.body());
        assertThat(second.path("groupControl").asText()).isNotEqualTo(first.path("groupControl").asText());

        String ta1 = isa(ACK_INTERCHANGES.incrementAndGet()) + "TA1*" + second.path("interchangeControl").asText()
                + "*261128*0930*R*006~IEA*0*" + String.format("%09d", ACK_INTERCHANGES.get()) + "~";
        drop("acme-3pl", "ta1_" + second.path("interchangeControl").asText() + ".x12", ta1);

        JsonNode interchangeRejected = awaitStatus(second.path("id").asLong(), "REJECTED");
        assertThat(interchangeRejected.path("interchangeStatus").asText()).isEqualTo("REJECTED");
        assertThat(interchangeRejected.path("ackType").asText()).isEqualTo("TA1");
        assertThat(interchangeRejected.path("ackDetail").asText()).contains("interchange rejected, note code 006");
        assertThat(count("select count(*) from hub_exception where category = 'OUTBOUND_REJECTED' and source_document = ?",
                describe(second))).isEqualTo(1);
        assertThat(post("/api/v1/shipping-orders", "operator", "dev-operator", release).statusCode()).isEqualTo(201);
    }

    @Test
    void anOrderTheErpReleasesOnItsQueueTurnsOverdueUnansweredAndALateAckSettlesIt() {
        jms.convertAndSend("dock2ledger.erp.shipping-orders", "{\"orderId\": \"SO-50003\", \"warehouse\": \"ACME-NJ\"}");
        await().atMost(SETTLED_WITHIN).until(() -> !api("/api/v1/outbound-documents?reference=SO-50003").isEmpty());
        JsonNode document = api("/api/v1/outbound-documents?reference=SO-50003").get(0);
        assertThat(document.path("status").asText()).isEqualTo("SENT");
        assertThat(sent940s("SO-50003")).hasSize(1);
        assertThat(Instant.parse(document.path("ackDueAt").asText()))
                .isEqualTo(Instant.parse(document.path("sentAt").asText()).plus(Duration.ofHours(4)));

        // Four hours pass: the due time is moved back instead of waiting. The timer route does the rest.
        jdbc.update("update edi_outbound_document set ack_due_at = ? where id = ?",
                Timestamp.from(Instant.now().minusSeconds(1)), document.path("id").asLong());
        awaitStatus(document.path("id").asLong(), "OVERDUE");
        String source = describe(document);
        assertThat(jdbc.queryForObject("select status from hub_exception where category = 'ACK_OVERDUE' and source_document = ?",
                String.class, source)).isEqualTo("OPEN");

        drop("acme-3pl", "997_late_" + document.path("groupControl").asText() + ".x12",
                ack997(document, "AK2*940*0001~AK5*E~AK9*E*1*1*1~"));

        JsonNode late = awaitStatus(document.path("id").asLong(), "ACCEPTED_WITH_ERRORS");
        assertThat(late.path("ackDetail").asText()).contains("accepted with errors");
        Map<String, Object> resolved = jdbc.queryForMap(
                "select status, resolved_by from hub_exception where category = 'ACK_OVERDUE' and source_document = ?", source);
        assertThat(resolved).containsEntry("status", "RESOLVED").containsEntry("resolved_by", "hub: late 997 received");
    }

    @Test
    void anAckForNothingTheHubSentIsAnUnmatchedAcknowledgmentException() {
        String group = "88" + (ACK_INTERCHANGES.get() % 100000);
        String ack = isa(ACK_INTERCHANGES.incrementAndGet()) + "GS*FA*ACME3PL*DOCKSIDE*20261128*0930*" + group
                + "*X*004010~ST*997*0001~AK1*OW*" + group + "~AK9*A*1*1*1~SE*4*0001~GE*1*" + group + "~IEA*1*"
                + String.format("%09d", ACK_INTERCHANGES.get()) + "~";
        drop("acme-3pl", "997_unmatched_" + group + ".x12", ack);

        await().atMost(SETTLED_WITHIN).until(() -> count("select count(*) from hub_exception where category = "
                + "'UNMATCHED_ACKNOWLEDGMENT' and reason like ?", "%functional group " + group + " (OW), which the hub never sent%") == 1);
    }

    @Test
    void aReleaseFromTheErpThatCannotBeSentIsAnOwnedExceptionAndParkedNotLost() throws Exception {
        jms.convertAndSend("dock2ledger.erp.shipping-orders", "{\"orderId\": \"SO-50004\", \"warehouse\": \"ACME-NJ\"}");

        await().atMost(SETTLED_WITHIN).until(() -> count("select count(*) from hub_exception where category = "
                + "'UNKNOWN_LOCATION' and reason like 'Warehouse ACME-NJ belongs to entity US01, but order SO-50004%'") == 1);
        assertThat(jdbc.queryForObject("select payload_ref from hub_exception where category = 'UNKNOWN_LOCATION' "
                + "and reason like '%order SO-50004%'", String.class)).startsWith("jms:dock2ledger.erp.shipping-orders.dlq/ID:");
        jms.setReceiveTimeout(10_000);
        TextMessage parked = (TextMessage) jms.receive("dock2ledger.erp.shipping-orders.dlq");
        assertThat(parked).as("the refused release is parked, not lost").isNotNull();
        assertThat(parked.getText()).isEqualTo("{\"orderId\": \"SO-50004\", \"warehouse\": \"ACME-NJ\"}");
        assertThat(api("/api/v1/outbound-documents?reference=SO-50004")).isEmpty();
    }

    @Test
    void releasesThatCannotBeSentAreRefusedWithTheReasonAndOnlyOperatorsMayRelease() {
        assertThat(post("/api/v1/shipping-orders", "operator", "dev-operator",
                "{\"orderId\": \"SO-99999\", \"warehouse\": \"ACME-NJ\"}").body())
                .contains("UNKNOWN_ORDER").contains("Sales order SO-99999 is not in master data");
        HttpResponse<String> inHouse = post("/api/v1/shipping-orders", "operator", "dev-operator",
                "{\"orderId\": \"SO-50004\", \"warehouse\": \"WH-WEST\"}");
        assertThat(inHouse.statusCode()).isEqualTo(422);
        assertThat(inHouse.body()).contains("run by 'own', which is not a partner");
        HttpResponse<String> tooMuch = post("/api/v1/shipping-orders", "operator", "dev-operator",
                "{\"orderId\": \"SO-50001\", \"warehouse\": \"ACME-NJ\", \"lines\": [{\"line\": 2, \"quantity\": 9}]}");
        assertThat(tooMuch.statusCode()).isEqualTo(422);
        assertThat(tooMuch.body()).contains("OVER_SHIPMENT").contains("more than the 8 ordered");
        assertThat(post("/api/v1/shipping-orders", "viewer", "dev-viewer",
                "{\"orderId\": \"SO-50001\", \"warehouse\": \"ACME-NJ\"}").statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/outbound-documents", null, null).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/outbound-documents?status=nonsense", "viewer", "dev-viewer").statusCode()).isEqualTo(400);
        assertThat(api("/v3/api-docs").path("paths").fieldNames()).toIterable()
                .contains("/api/v1/shipping-orders", "/api/v1/outbound-documents", "/api/v1/outbound-documents/{id}",
                        "/api/v1/outbound-documents/{id}/content");
    }

    private JsonNode awaitStatus(long id, String status) {
        await().atMost(SETTLED_WITHIN).until(() -> status.equals(api("/api/v1/outbound-documents/" + id)
                .path("status").asText()));
        return api("/api/v1/outbound-documents/" + id);
    }

    private static String describe(JsonNode document) {
        return "940 " + document.path("reference").asText() + " to acme-3pl (interchange "
                + document.path("interchangeControl").asText() + ", group " + document.path("groupControl").asText() + ")";
    }

    private static String isa(int control) {
        return "ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*DOCKSIDE       *261128*0930*U*00401*"
                + String.format("%09d", control) + "*0*P*>~";
    }

    /** A 997 from acme-3pl answering the document's group; {@code body} is what follows AK1 up to SE. */
    private static String ack997(JsonNode document, String body) {
        return functionalAck("997", "004010", "ST*997*0001~", document, body);
    }

    private static String ack999(JsonNode document, String body) {
        return functionalAck("999", "005010X231", "ST*999*0001*005010X231~", document, body);
    }

    private static String functionalAck(String type, String version, String st, JsonNode document, String body) {
        int control = ACK_INTERCHANGES.incrementAndGet();
        String gs = String.valueOf(control % 100_000_000);
        String set = st + "AK1*OW*" + document.path("groupControl").asText() + "~" + body;
        int segments = set.split("~").length + 1;
        return isa(control) + "GS*FA*ACME3PL*DOCKSIDE*20261128*0930*" + gs + "*X*" + version + "~" + set + "SE*"
                + segments + "*0001~GE*1*" + gs + "~IEA*1*" + String.format("%09d", control) + "~";
    }

    private Path outbox(String partner) {
        return DATA_DIR.resolve("partners").resolve(partner).resolve("outbox");
    }

    private java.util.List<Path> sent940s(String order) {
        try (Stream<Path> files = Files.list(outbox("acme-3pl"))) {
            return files.filter(f -> f.getFileName().toString().startsWith("acme-3pl_940_" + order + "_")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
