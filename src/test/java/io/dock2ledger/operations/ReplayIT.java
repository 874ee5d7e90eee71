package io.dock2ledger.operations;

import com.fasterxml.jackson.databind.JsonNode;
import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.canonical.EventLine;
import io.dock2ledger.canonical.EventSource;
import io.dock2ledger.canonical.References;
import io.dock2ledger.support.DemoDayHubTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replay re-drives stored events through the posting queue: a held-back event posts once, a posted one stays posted
 * (DUPLICATE); a dry run says what would happen (would post, still failing and why, duplicate) and changes nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplayIT extends DemoDayHubTest {

    private static final String POSTABLE = "replay-postable-1";
    private static final String OVER_SHIPPED = "replay-over-shipped-1";
    /** When a person first replayed the event: the one row the automation KPI reads (fails when there are two). */
    private static final String REPLAYED_AT = """
            select r.first_replayed_at from replayed_event r join canonical_event e on e.seq = r.event_seq
            where e.event_id = ?""";

    @Autowired
    CanonicalEventStore events;

    @Test
    @Order(1)
    void aDryRunSaysWhatWouldHappenAndChangesNothing() {
        CanonicalEvent demo = events.fromJson(jdbc.queryForObject(
                "select p.payload from canonical_event e " + CanonicalEventStore.WITH_PAYLOAD
                        + " where e.source_document = 'SHP-9001'", String.class));
        // Stored and never queued: two TEA-EARL of SO-50003 (room on the order), and a copy of SHP-9001 under another
        // id, whose kettles SO-50001 has all shipped already.
        EventLine tea = new EventLine(1, "ACM-0107", "TEA-EARL", new BigDecimal("2"), "EA", new BigDecimal("2"), "EA",
                null, null, null, null);
        held(demo, POSTABLE, "SHP-RPL1", new References("SO-50003", null, null, null, null, null, "CUST-1003", null,
                null, null, null), List.of(tea));
        held(demo, OVER_SHIPPED, "SHP-RPL2", demo.references(), demo.lines());
        String demoEventId = demo.eventId();

        JsonNode result = replay("operator", "dev-operator", """
                {"eventIds": ["%s", "%s", "%s"], "dryRun": true}""".formatted(POSTABLE, OVER_SHIPPED, demoEventId));
        assertThat(result.path("dryRun").asBoolean()).isTrue();
        assertThat(verdict(result, POSTABLE)).isEqualTo("WOULD_POST");
        assertThat(detail(result, POSTABLE)).contains("AR_INVOICE").contains("COGS");
        assertThat(verdict(result, OVER_SHIPPED)).isEqualTo("STILL_FAILING");
        assertThat(detail(result, OVER_SHIPPED)).startsWith("OVER_SHIPMENT: ");
        assertThat(verdict(result, demoEventId)).isEqualTo("DUPLICATE");
        assertThat(result.path("verdicts").path("WOULD_POST").asInt()).isEqualTo(1);

        assertThat(count("select count(*) from finance_document where source_document in ('SHP-RPL1', 'SHP-RPL2')")).isZero();
        assertThat(count("select count(*) from posting_ledger where document_id in ('SHP-RPL1', 'SHP-RPL2')")).isZero();
        assertThat(count("select count(*) from event_audit where event_id in (?, ?)", POSTABLE, OVER_SHIPPED)).isZero();
        assertThat(count("select count(*) from hub_exception where event_id in (?, ?)", POSTABLE, OVER_SHIPPED)).isZero();
        assertThat(jdbc.queryForList("select status from canonical_event where event_id in (?, ?)", String.class,
                POSTABLE, OVER_SHIPPED)).containsOnly("ACCEPTED");
        // The engine's state writes were rolled back too: SO-50003's TEA-EARL line has not moved; nothing was queued.
        assertThat(count("select count(*) from posting_order_line where order_id = 'SO-50003' and shipped_qty > 0")).isZero();
        assertThat(count("select count(*) from event_audit where event_id = ? and stage = 'DUPLICATE'", demoEventId)).isZero();
        assertThat(count("select count(*) from replayed_event")).as("a dry run marks nothing replayed").isZero();
    }

    @Test
    @Order(2)
    void aReplayPostsTheHeldBackEventOnceAndAPostedEventStaysPosted() {
        JsonNode result = replay("operator", "dev-operator", """
                {"sourceDocument": "SHP-RPL1", "partner": "acme-3pl"}""");
        assertThat(result.path("dryRun").asBoolean()).isFalse();
        assertThat(result.path("selected").asInt()).isEqualTo(1);
        assertThat(verdict(result, POSTABLE)).isEqualTo("QUEUED");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> count("select count(*) from finance_document where source_document = 'SHP-RPL1'") == 2);
        assertThat(jdbc.queryForObject("select detail from event_audit where event_id = ? and stage = 'REDRIVEN'",
                String.class, POSTABLE)).contains("replayed by operator");
        Object firstReplay = jdbc.queryForObject(REPLAYED_AT, Object.class, POSTABLE);

        // Again, and the demo's SHP-9001: the ledger answers DUPLICATE, nothing posts twice.
        String demoEventId = jdbc.queryForObject(
                "select event_id from posting_ledger where document_id = 'SHP-9001'", String.class);
        result = replay("admin", ADMIN_PASSWORD, """
                {"eventIds": ["%s", "%s"]}""".formatted(POSTABLE, demoEventId));
        assertThat(result.path("verdicts").path("QUEUED").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(60)).until(() -> count(
                "select count(*) from event_audit where event_id in (?, ?) and stage = 'DUPLICATE'",
                POSTABLE, demoEventId) == 2);
        assertThat(count("select count(*) from finance_document where source_document = 'SHP-RPL1'")).isEqualTo(2);
        assertThat(count("select count(*) from finance_document where source_document = 'SHP-9001'")).isEqualTo(2);
        assertThat(jdbc.queryForObject("select status from canonical_event where event_id = ?", String.class, POSTABLE))
                .isEqualTo("POSTED");
        assertThat(jdbc.queryForObject(REPLAYED_AT, Object.class, POSTABLE)).as("one mark, the first replay's time")
                .isEqualTo(firstReplay);
        assertThat(jdbc.queryForObject(REPLAYED_AT, Object.class, demoEventId)).isNotNull();

        // A dry run now says DUPLICATE for it.
        assertThat(verdict(replay("operator", "dev-operator", """
                {"eventIds": ["%s"], "dryRun": true}""".formatted(POSTABLE)), POSTABLE)).isEqualTo("DUPLICATE");
    }

    @Test
    @Order(3)
    void replayIsForOperatorsAndNeedsCriteria() {
        assertThat(post("/api/v1/replay", "viewer", "dev-viewer", "application/json", "{\"eventIds\": [\"x\"]}")
                .statusCode()).isEqualTo(403);
        var empty = post("/api/v1/replay", "operator", "dev-operator", "application/json", "{\"dryRun\": true}");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("Name the events to replay");
        JsonNode byTime = replay("operator", "dev-operator", """
                {"from": "%s", "to": "%s", "dryRun": true}""".formatted(Instant.now().plusSeconds(3600),
                Instant.now().plusSeconds(7200)));
        assertThat(byTime.path("selected").asInt()).isZero();
    }

    private void held(CanonicalEvent like, String eventId, String documentId, References references, List<EventLine> lines) {
        EventSource source = new EventSource(like.source().partner(), like.source().system(), like.source().channel(),
                like.source().documentType(), documentId, null);
        events.storeIfAbsent(new CanonicalEvent(eventId, like.type(), like.schemaVersion(), source,
                "2026-12-02T10:00:00-05:00", LocalDate.parse("2026-12-02"), Instant.now(), like.warehouse(),
                like.locationCode(), references, lines, null));
    }

    private JsonNode replay(String user, String password, String body) {
        var response = post("/api/v1/replay", user, password, "application/json", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    private static String verdict(JsonNode result, String eventId) {
        return event(result, eventId).path("verdict").asText();
    }

    private static String detail(JsonNode result, String eventId) {
        return event(result, eventId).path("detail").asText();
    }

    private static JsonNode event(JsonNode result, String eventId) {
        for (JsonNode e : result.path("events")) {
            if (e.path("eventId").asText().equals(eventId)) {
                return e;
            }
        }
        throw new AssertionError("no event " + eventId + " in " + result);
    }
}
