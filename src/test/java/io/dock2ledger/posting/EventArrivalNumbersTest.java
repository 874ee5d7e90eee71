package io.dock2ledger.posting;

import io.dock2ledger.audit.AuditTrail;
import io.dock2ledger.audit.AuditTrail.Stage;
import io.dock2ledger.audit.BatchedWrites;
import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.canonical.CanonicalJson;
import io.dock2ledger.persistence.Databases;
import io.dock2ledger.posting.documents.StoredDocument;
import io.dock2ledger.posting.store.FinanceDocumentStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import static io.dock2ledger.erp.ErpFixtures.cogs;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stored events are numbered as they arrive (canonical_event.seq, migration V72), and an event's audit rows and finance
 * documents are found by that number, not by the event id: the numbers grow with arrival, so a posting batch's rows
 * share index pages where content-hash ids took one each (docs/performance.md, issue 10, thirteenth pass).
 */
class EventArrivalNumbersTest {


    private static final Clock CLOCK = Clock.systemUTC();

    /** One database with the stores a hub makes on it. */
    private record Hub(JdbcTemplate jdbc, DataSourceTransactionManager transactions, CanonicalEventStore events,
                       AuditTrail audit, FinanceDocumentStore documents) {
        static Hub on(DataSource ds) {
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            DataSourceTransactionManager transactions = new DataSourceTransactionManager(ds);
            return new Hub(jdbc, transactions, new CanonicalEventStore(jdbc, CanonicalJson.newMapper()),
                    new AuditTrail(jdbc, CLOCK), new FinanceDocumentStore(jdbc, CLOCK, transactions, 100));
        }

        void store(String shipment) {
            events.storeIfAbsent(events.fromJson(SampleEvents.shipment(shipment, "SO-50001", "2026-11-26T20:00:00Z")));
        }

        long seq(String eventId) {
            return jdbc.queryForObject("select seq from canonical_event where event_id = ?", Long.class, eventId);
        }

        List<Long> numbers(String table, String eventId) {
            return jdbc.queryForList("select event_seq from " + table + " where event_id = ? order by id", Long.class,
                    eventId);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#migratedTo")
    void eventsAreNumberedAsTheyArriveAndTheirRowsFoundByTheirNumber(String name, Function<String, DataSource> database) {
        Hub hub = Hub.on(database.apply("latest"));
        hub.store("SHP-3");
        hub.store("SHP-1");
        hub.store("SHP-2");
        hub.store("SHP-1"); // a copy stores nothing and takes no number
        assertThat(List.of(hub.seq("evt-SHP-3"), hub.seq("evt-SHP-1"), hub.seq("evt-SHP-2")))
                .as("in arrival order, not in id order").isSorted().doesNotHaveDuplicates();

        // A posting batch: the rows are written at its commit, each with its event's number.
        TransactionStatus batch = hub.transactions().getTransaction(TransactionDefinition.withDefaults());
        BatchedWrites.open();
        for (String shipment : List.of("SHP-1", "SHP-2", "SHP-3")) {
            hub.audit().record("evt-" + shipment, Stage.POSTED, "posted " + shipment);
            hub.documents().save(cogs(shipment, "SO-50001"), document -> "IF:" + document.documentNumber());
        }
        hub.transactions().commit(batch);
        hub.audit().record("evt-SHP-1", Stage.REVERSED, "outside a batch");

        for (String shipment : List.of("SHP-1", "SHP-2", "SHP-3")) {
            String event = "evt-" + shipment;
            assertThat(hub.numbers("event_audit", event)).isNotEmpty().containsOnly(hub.seq(event));
            assertThat(hub.numbers("finance_document", event)).singleElement().isEqualTo(hub.seq(event));
            assertThat(hub.documents().byEvent(event)).singleElement()
                    .extracting(d -> d.document().sourceDocument()).isEqualTo(shipment);
        }
        assertThat(hub.audit().of("evt-SHP-1")).extracting(AuditTrail.Entry::stage)
                .containsExactly(Stage.POSTED, Stage.REVERSED);
        assertThat(hub.audit().of("evt-SHP-2")).extracting(AuditTrail.Entry::detail).containsExactly("posted SHP-2");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#migratedTo")
    void aRowOfAnEventTheStoreDoesNotHoldIsKeptWithoutANumber(String name, Function<String, DataSource> database) {
        Hub hub = Hub.on(database.apply("latest"));

        hub.audit().record("evt-NOT-STORED", Stage.FAILED, "its posting message outlived the database row");

        assertThat(hub.jdbc().queryForList("select detail from event_audit where event_id = 'evt-NOT-STORED' "
                + "and event_seq is null", String.class)).containsExactly("its posting message outlived the database row");
        assertThat(hub.audit().of("evt-NOT-STORED")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#migratedTo")
    void theMigrationNumbersStoredEventsAndTheRowsTheyHad(String name, Function<String, DataSource> database) {
        DataSource ds = database.apply("71");
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        Timestamp at = Timestamp.from(Instant.parse("2026-11-26T20:00:00Z"));
        for (String event : List.of("e1", "e2")) {
            jdbc.update("""
                    insert into canonical_event (event_id, event_type, schema_version, partner, source_document,
                        received_at, status, payload)
                    values (?, 'shipment.confirmed', '1', 'acme-3pl', ?, ?, 'POSTED', '{}')""", event, "S-" + event, at);
            jdbc.update("insert into event_audit (event_id, stage, at, detail) values (?, 'POSTED', ?, ?)",
                    event, at, "posted " + event);
            jdbc.update("""
                    insert into finance_document (id, document_number, kind, journal_kind, entity, currency, posting_date,
                        period, period_adjusted, event_id, source_partner, source_event_type, source_document,
                        total_debit, total_credit, status, created_at)
                    values (nextval('finance_document_ids'), ?, 'JOURNAL', 'COGS', 'US01', 'USD', date '2026-11-26',
                        '2026-11', false, ?, 'acme-3pl', 'shipment.confirmed', ?, 1.00, 1.00, 'POSTED', ?)""",
                    "JE-" + event, event, "S-" + event, at);
        }
        jdbc.update("insert into event_audit (event_id, stage, at, detail) values ('gone', 'FAILED', ?, 'orphan')", at);

        Databases.migrate(ds);

        Hub hub = Hub.on(ds);
        assertThat(hub.seq("e1")).isNotEqualTo(hub.seq("e2"));
        for (String event : List.of("e1", "e2")) {
            assertThat(hub.numbers("event_audit", event)).containsExactly(hub.seq(event));
            assertThat(hub.numbers("finance_document", event)).containsExactly(hub.seq(event));
            assertThat(hub.audit().of(event)).extracting(AuditTrail.Entry::detail).containsExactly("posted " + event);
            assertThat(hub.documents().byEvent(event)).extracting(StoredDocument::documentNumber)
                    .containsExactly("JE-" + event);
        }
        assertThat(hub.numbers("event_audit", "gone")).as("kept, without a number").containsOnlyNulls().hasSize(1);

        hub.store("SHP-NEW");
        assertThat(hub.seq("evt-SHP-NEW")).as("numbers go on above the migrated ones")
                .isGreaterThan(Math.max(hub.seq("e1"), hub.seq("e2")));
    }
}
