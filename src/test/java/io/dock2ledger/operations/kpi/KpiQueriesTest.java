package io.dock2ledger.operations.kpi;

import io.dock2ledger.audit.AuditTrail;
import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.operations.replay.ReplayedEvents;
import io.dock2ledger.persistence.Databases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The KPI queries that read the window's documents, on the hub's migrated schema in H2 and PostgreSQL: the automation
 * counts by slice, read in created_at order with a fetch size (an event's two documents count once, a replayed event
 * and one with an exception count as touched, a reversal not at all), and documents per hour counted hour by hour.
 */
class KpiQueriesTest {

    private static final Instant T = Instant.parse("2026-12-01T08:10:00Z");


    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#fresh")
    void automationCountsEachEventOnceInCreatedOrder(String name, Supplier<DataSource> database) {
        JdbcTemplate jdbc = new JdbcTemplate(database.get());
        // e1: invoice and COGS journal, another event's document between them; e2 replayed by a person; e3 has an
        // exception for its document; e4 is in another entity; r1 a reversal; old1 before the window; e5 re-driven by
        // the sweeper, not by a person.
        document(jdbc, "INV-1", "e1", "US01", "SHP-1", "SALES", T);
        document(jdbc, "INV-2", "e2", "US01", "SHP-2", "SALES", T.plusMillis(1));
        document(jdbc, "JNL-1", "e1", "US01", "SHP-1", "COGS", T.plusMillis(2));
        document(jdbc, "INV-3", "e3", "US01", "SHP-3", "SALES", T.plusSeconds(5));
        document(jdbc, "INV-4", "e4", "DE01", "SHP-4", "SALES", T.plusSeconds(6));
        document(jdbc, "REV-1", "r1", "US01", "SHP-1", "REVERSAL", T.plusSeconds(7));
        document(jdbc, "OLD-1", "old1", "US01", "SHP-0", "SALES", T.minusSeconds(3600));
        document(jdbc, "INV-5", "e5", "US01", "SHP-5", "SALES", T.plusSeconds(8));
        AuditTrail audit = new AuditTrail(jdbc, Clock.systemUTC());
        audit.record("e2", AuditTrail.Stage.REDRIVEN, T, "replayed by ops"); // what a replay writes: both
        new ReplayedEvents(jdbc).mark("e2", T);
        audit.record("e5", AuditTrail.Stage.REDRIVEN, T,
                "still ACCEPTED since it arrived; sent to the posting queue again");
        jdbc.update("""
                insert into hub_exception (category, owner, status, partner, source_document, reason, created_at)
                values ('OVER_SHIPMENT', 'operations', 'RESOLVED', 'acme-3pl', 'SHP-3', 'over', ?)""", Timestamp.from(T));
        // The reconciliation's own aside for e4's document does not count as a person touching it.
        jdbc.update("""
                insert into hub_exception (category, owner, status, partner, source_document, reason, payload_ref,
                    created_at)
                values ('MISSING_POSTING', 'finance', 'OPEN', 'acme-3pl', 'SHP-4', 'unmatched', 'reconciliation:run-1', ?)""",
                Timestamp.from(T));

        Map<Instant, Map<List<String>, int[]>> bySlice = new KpiQueries(jdbc).automationBySlice(T.minusSeconds(60), null,
                Duration.ofMinutes(5), new KpiQueries.RecentEvents());

        Instant slice = Instant.parse("2026-12-01T08:10:00Z");
        assertThat(bySlice).containsOnlyKeys(slice);
        assertThat(bySlice.get(slice)).containsOnlyKeys(List.of("DE01", "acme-3pl", "SHIPMENT"),
                List.of("US01", "acme-3pl", "SHIPMENT"));
        assertThat(bySlice.get(slice).get(List.of("DE01", "acme-3pl", "SHIPMENT"))).containsExactly(1, 0);
        assertThat(bySlice.get(slice).get(List.of("US01", "acme-3pl", "SHIPMENT"))).as("automatic, touched")
                .containsExactly(2, 2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#fresh")
    void anEventWhoseFirstDocumentCameBeforeTheSliceIsNotCountedInItForItsSecond(String name,
                                                                               Supplier<DataSource> database) {
        JdbcTemplate jdbc = new JdbcTemplate(database.get());
        document(jdbc, "INV-1", "e1", "US01", "SHP-1", "SALES", T.minusMillis(1));
        document(jdbc, "JNL-1", "e1", "US01", "SHP-1", "COGS", T.plusMillis(1));
        document(jdbc, "INV-2", "e2", "US01", "SHP-2", "SALES", T.plusMillis(2));

        // Read from SAME_EVENT_WITHIN before the slice, as a first read is.
        Map<Instant, Map<List<String>, int[]>> bySlice = new KpiQueries(jdbc).automationBySlice(
                T.minus(KpiQueries.SAME_EVENT_WITHIN), null, Duration.ofMinutes(5), new KpiQueries.RecentEvents());

        assertThat(bySlice.get(T).get(List.of("US01", "acme-3pl", "SHIPMENT"))).as("e2 only").containsExactly(1, 0);
        assertThat(bySlice.get(T.minus(Duration.ofMinutes(5))).get(List.of("US01", "acme-3pl", "SHIPMENT")))
                .as("e1, in the slice of its first document").containsExactly(1, 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#fresh")
    void minutesReadOneAfterTheOtherKnowTheEventsOfTheMinutesBefore(String name, Supplier<DataSource> database) {
        JdbcTemplate jdbc = new JdbcTemplate(database.get());
        Instant minute = T.plusSeconds(60);
        document(jdbc, "INV-1", "e1", "US01", "SHP-1", "SALES", minute.minusMillis(1)); // e1 across the minute
        document(jdbc, "JNL-1", "e1", "US01", "SHP-1", "COGS", minute);
        document(jdbc, "INV-2", "e2", "US01", "SHP-2", "SALES", minute.plusMillis(5));
        document(jdbc, "INV-3", "e3", "US01", "SHP-3", "SALES", minute.plusSeconds(61)); // e3 across the next one
        document(jdbc, "JNL-3", "e3", "US01", "SHP-3", "COGS", minute.plusSeconds(61).plusMillis(2));
        KpiQueries queries = new KpiQueries(jdbc);
        KpiQueries.RecentEvents seen = new KpiQueries.RecentEvents();
        List<String> key = List.of("US01", "acme-3pl", "SHIPMENT");
        Duration oneMinute = Duration.ofMinutes(1);

        assertThat(queries.automationBySlice(T, minute, oneMinute, seen).get(T).get(key)).as("e1, until is exclusive")
                .containsExactly(1, 0);
        assertThat(queries.automationBySlice(minute, minute.plus(oneMinute), oneMinute, seen).get(minute).get(key))
                .as("e2: e1's second document is known from the minute before").containsExactly(1, 0);
        // The rest to the present, from what the minutes read knew, without changing it: twice, the same.
        for (int i = 0; i < 2; i++) {
            Map<Instant, Map<List<String>, int[]>> rest = queries.automationBySlice(minute.plus(oneMinute), null,
                    oneMinute, seen.after());
            assertThat(rest).containsOnlyKeys(minute.plus(oneMinute));
            assertThat(rest.get(minute.plus(oneMinute)).get(key)).as("e3 once").containsExactly(1, 0);
        }
        assertThat(queries.automationBySlice(minute, null, oneMinute, seen.after()).values().stream()
                .mapToInt(counts -> counts.get(key)[0]).sum()).as("e3, and neither e1 nor e2 again").isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#fresh")
    void theBenchmarksMeasureOfTheReadCountsTheSameEventsBothWays(String name, Supplier<DataSource> database)
            throws Exception {
        DataSource source = database.get();
        JdbcTemplate jdbc = new JdbcTemplate(source);
        for (int i = 0; i < 30; i++) { // 30 events over 15 minutes, each second document 40 s after the first
            Instant at = T.plusSeconds(30L * i);
            document(jdbc, "INV-" + i, "e" + i, "US01", "SHP-" + i, "SALES", at);
            document(jdbc, "JNL-" + i, "e" + i, "US01", "SHP-" + i, "COGS", at.plusSeconds(40));
        }
        try (java.sql.Connection db = source.getConnection()) {
            KpiReadCost.Cost cost = KpiReadCost.measure(db);
            assertThat(cost.documents()).isEqualTo(60);
            assertThat(cost.events()).isEqualTo(30);
            assertThat(cost.minutes()).isEqualTo(16);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#fresh")
    void documentsPerHourAreCountedHourByHour(String name, Supplier<DataSource> database) {
        JdbcTemplate jdbc = new JdbcTemplate(database.get());
        document(jdbc, "A", "a", "US01", "S-A", "SALES", Instant.parse("2026-12-01T06:59:59Z"));
        document(jdbc, "B", "b", "US01", "S-B", "SALES", Instant.parse("2026-12-01T07:00:00Z"));
        document(jdbc, "C", "c", "US01", "S-C", "SALES", Instant.parse("2026-12-01T07:59:59.999Z"));
        document(jdbc, "D", "d", "US01", "S-D", "SALES", Instant.parse("2026-12-01T09:30:00Z"));

        Map<Instant, Integer> perHour = new KpiQueries(jdbc).documentsPerHour(Instant.parse("2026-12-01T07:00:00Z"),
                Instant.parse("2026-12-01T09:45:00Z"));

        assertThat(perHour).containsExactly(
                Map.entry(Instant.parse("2026-12-01T07:00:00Z"), 2),
                Map.entry(Instant.parse("2026-12-01T09:00:00Z"), 1));
        // Until is exclusive, inside an hour too: how HourlyDocuments counts the minutes that settled.
        assertThat(new KpiQueries(jdbc).documentsPerHour(Instant.parse("2026-12-01T07:00:00Z"),
                Instant.parse("2026-12-01T07:59:59.999Z"))).containsExactly(Map.entry(Instant.parse("2026-12-01T07:00:00Z"), 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#fresh")
    void theBacklogCountsUndecidedEventsAndFailedOnesAnOpenExceptionHolds(String name, Supplier<DataSource> database) {
        JdbcTemplate jdbc = new JdbcTemplate(database.get());
        CanonicalEventStore events = new CanonicalEventStore(jdbc, io.dock2ledger.canonical.CanonicalJson.newMapper());
        for (String shipment : List.of("B1", "B2", "B3", "B4", "B5", "B6")) {
            events.storeIfAbsent(events.fromJson("""
                    {"eventId": "evt-%s", "type": "shipment.confirmed", "schemaVersion": "1.0",
                     "receivedAt": "2026-12-01T08:00:00Z", "businessDate": "2026-12-01",
                     "source": {"partner": "acme-3pl", "documentType": "shipment-csv", "documentId": "%s", "channel": "file"},
                     "lines": []}""".formatted(shipment, shipment)));
        }
        events.settle("evt-B2", "WAITING");
        events.settle("evt-B3", "POSTED");
        events.settle("evt-B4", "FAILED");
        events.settle("evt-B5", "FAILED");
        events.settle("evt-B6", "FAILED");
        exception(jdbc, "evt-B4", "OPEN");
        exception(jdbc, "evt-B4", "OPEN"); // two open exceptions, one event
        exception(jdbc, "evt-B5", "RESOLVED");

        assertThat(new KpiQueries(jdbc).backlog()).containsExactlyInAnyOrder(
                new KpiQueries.BacklogRow("acme-3pl", "shipment.confirmed", "ACCEPTED", 1),
                new KpiQueries.BacklogRow("acme-3pl", "shipment.confirmed", "WAITING", 1),
                new KpiQueries.BacklogRow("acme-3pl", "shipment.confirmed", "FAILED", 1));
    }

    private static void exception(JdbcTemplate jdbc, String eventId, String status) {
        jdbc.update("""
                insert into hub_exception (category, owner, status, partner, source_document, event_id, reason, created_at)
                values ('UNKNOWN_ORDER', 'order-desk', ?, 'acme-3pl', ?, ?, 'test', current_timestamp)""",
                status, eventId, eventId);
    }

    /** A document of a stored event, as the hub writes it: with the event's arrival number (migration V72). */
    private static void document(JdbcTemplate jdbc, String number, String event, String entity, String source,
                                 String journalKind, Instant createdAt) {
        jdbc.update("""
                insert into canonical_event (event_id, event_type, schema_version, partner, source_document, received_at,
                    status)
                select ?, 'SHIPMENT', '1', 'acme-3pl', ?, ?, 'POSTED'
                where not exists (select 1 from canonical_event where event_id = ?)""",
                event, source, Timestamp.from(createdAt), event);
        jdbc.update("""
                insert into finance_document (id, document_number, kind, journal_kind, entity, currency, posting_date,
                    period, period_adjusted, event_id, source_partner, source_event_type, source_document, total_debit,
                    total_credit, status, created_at, event_seq)
                values ((select coalesce(max(id), 0) + 1 from finance_document), ?, 'INVOICE', ?, ?, 'USD', date '2026-12-01', '2026-12', false, ?, 'acme-3pl', 'SHIPMENT', ?,
                    10.00, 10.00, 'STORED', ?,\s""" + CanonicalEventStore.ARRIVAL_NUMBER + ")",
                number, journalKind, entity, event, source, Timestamp.from(createdAt), event);
    }
}
