package io.dock2ledger.posting;

import io.dock2ledger.persistence.Databases;
import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.canonical.CanonicalJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An event's canonical JSON is kept apart from its row (canonical_event_payload, migration V79), written once with
 * the event under its arrival number, so that the posting's status update rewrites a narrow row
 * (docs/performance.md, issue 10, thirty-fifth pass).
 */
class EventPayloadApartTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#fresh")
    void anEventIsStoredWithItsPayloadOnceAndSettlingLeavesThePayloadAlone(String name, Supplier<DataSource> database) {
        JdbcTemplate jdbc = new JdbcTemplate(database.get());
        CanonicalEventStore store = new CanonicalEventStore(jdbc, CanonicalJson.newMapper());
        CanonicalEvent event = store.fromJson(SampleEvents.shipment("SHP-APART", "SO-50001", "2026-11-26T20:00:00Z"));
        String json = store.toJson(event);

        assertThat(store.storeIfAbsent(event, json, Instant.parse("2026-11-26T20:00:01Z"))).isTrue();
        assertThat(store.storeIfAbsent(event, json, Instant.parse("2026-11-26T20:05:00Z"))).as("the same event again")
                .isFalse();

        assertThat(jdbc.queryForObject("select count(*) from canonical_event_payload", Integer.class))
                .as("one payload row for the one stored event").isEqualTo(1);
        assertThat(jdbc.queryForObject("""
                select count(*) from canonical_event e join canonical_event_payload p on p.seq = e.seq
                where e.event_id = ?""", Integer.class, event.eventId())).isEqualTo(1);
        assertThat(store.find(event.eventId())).contains(event);

        store.settle(event.eventId(), "POSTED");
        assertThat(jdbc.queryForObject("select status from canonical_event where event_id = ?", String.class,
                event.eventId())).isEqualTo("POSTED");
        assertThat(store.find(event.eventId())).as("the payload as it was stored").contains(event);
        assertThat(store.find("evt-NONE")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#migratedTo")
    void theMigrationMovesEveryStoredPayloadUnderItsArrivalNumber(String name, Function<String, DataSource> database) {
        DataSource ds = database.apply("78");
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        CanonicalEventStore store = new CanonicalEventStore(jdbc, CanonicalJson.newMapper());
        Timestamp at = Timestamp.from(Instant.parse("2026-11-26T20:00:00Z"));
        for (String shipment : new String[]{"SHP-OLD1", "SHP-OLD2"}) {
            jdbc.update("""
                    insert into canonical_event (event_id, event_type, schema_version, partner, source_document,
                        received_at, status, payload)
                    values (?, 'shipment.confirmed', '1.0', 'acme-3pl', ?, ?, 'POSTED', ?)""",
                    "evt-" + shipment, shipment, at, SampleEvents.shipment(shipment, "SO-50001", "2026-11-26T20:00:00Z"));
        }

        Databases.migrate(ds);

        assertThat(jdbc.queryForObject("select count(*) from canonical_event_payload", Integer.class)).isEqualTo(2);
        for (String shipment : new String[]{"SHP-OLD1", "SHP-OLD2"}) {
            assertThat(store.find("evt-" + shipment)).as(shipment)
                    .hasValueSatisfying(e -> assertThat(e.source().documentId()).isEqualTo(shipment));
        }
        assertThat(jdbc.queryForList("""
                select column_name from information_schema.columns
                where lower(table_name) = 'canonical_event' and lower(column_name) = 'payload'""", String.class))
                .as("the row holds no payload any more").isEmpty();
    }
}
