package io.dock2ledger.operations.replay;

import io.dock2ledger.audit.AuditTrail;
import io.dock2ledger.persistence.Databases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The replayed-event marks the automation KPI reads (migration V74), on H2 and PostgreSQL. */
class ReplayedEventsTest {

    private static final Instant T = Instant.parse("2026-12-01T08:00:00Z");


    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#migratedTo")
    void anEventIsMarkedOnceWithItsFirstReplayAndAnEventTheStoreDoesNotHoldIsNot(String name,
                                                                                 Function<String, DataSource> database) {
        JdbcTemplate jdbc = new JdbcTemplate(Databases.migrate(database.apply("72")));
        event(jdbc, "e1");
        ReplayedEvents replayed = new ReplayedEvents(jdbc);

        replayed.mark("e1", T);
        replayed.mark("e1", T.plusSeconds(60));
        replayed.mark("unknown", T);

        assertThat(marks(jdbc)).containsExactly(Map.of("event_id", "e1", "first_replayed_at", Timestamp.from(T)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#migratedTo")
    void theMigrationMarksTheEventsAPersonReplayedBeforeItFromTheirAuditTrails(String name,
                                                                               Function<String, DataSource> database) {
        DataSource ds = database.apply("72");
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        eventBeforeV79(jdbc, "by-a-person");
        eventBeforeV79(jdbc, "by-the-sweeper");
        eventBeforeV79(jdbc, "never");
        AuditTrail audit = new AuditTrail(jdbc, Clock.systemUTC());
        audit.record("by-a-person", AuditTrail.Stage.REDRIVEN, T, "replayed by operator (status was FAILED)");
        audit.record("by-a-person", AuditTrail.Stage.REDRIVEN, T.plusSeconds(90), "replayed by admin (status was FAILED)");
        audit.record("by-the-sweeper", AuditTrail.Stage.REDRIVEN, T, "still ACCEPTED since it arrived; sent to the "
                + "posting queue again");
        audit.record("never", AuditTrail.Stage.POSTED, T, "replayed by nobody: a POSTED row, not a REDRIVEN one");

        Databases.migrate(ds);

        assertThat(marks(jdbc)).as("the first replay of the one event a person replayed")
                .containsExactly(Map.of("event_id", "by-a-person", "first_replayed_at", Timestamp.from(T)));
    }

    private static void event(JdbcTemplate jdbc, String eventId) {
        jdbc.update("""
                insert into canonical_event (event_id, event_type, schema_version, partner, source_document, received_at,
                    status)
                values (?, 'SHIPMENT', '1', 'acme-3pl', ?, ?, 'POSTED')""", eventId, "SHP-" + eventId,
                Timestamp.from(T));
    }

    /** An event as the schema before V79 held it: its payload on its row. */
    private static void eventBeforeV79(JdbcTemplate jdbc, String eventId) {
        jdbc.update("""
                insert into canonical_event (event_id, event_type, schema_version, partner, source_document, received_at,
                    status, payload)
                values (?, 'SHIPMENT', '1', 'acme-3pl', ?, ?, 'POSTED', '{}')""", eventId, "SHP-" + eventId,
                Timestamp.from(T));
    }

    private static List<Map<String, Object>> marks(JdbcTemplate jdbc) {
        return jdbc.queryForList("""
                select e.event_id, r.first_replayed_at from replayed_event r join canonical_event e on e.seq = r.event_seq
                order by e.event_id""");
    }
}
