package io.dock2ledger.posting.store;

import io.dock2ledger.audit.BatchedWrites;
import io.dock2ledger.persistence.Databases;
import io.dock2ledger.posting.documents.StoredDocument;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

import static io.dock2ledger.erp.ErpFixtures.cogs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A finance document's header is written once, final: in a posting batch at the batch's commit with the ERP reference
 * its delivery returned; ids come from a sequence, above the ones the table's identity gave before, in the order taken.
 */
class FinanceDocumentStoreTest {


    /** A document as stored before V70, without an id: the table's identity numbered it. */
    private static final String INSERT_WITHOUT_ID = """
            insert into finance_document (document_number, kind, journal_kind, entity, currency, posting_date,
                period, period_adjusted, event_id, source_partner, source_event_type, source_document,
                total_debit, total_credit, status, created_at)
            values (?, 'JOURNAL', 'COGS', 'US01', 'USD', date '2026-11-26', '2026-11', false, 'e', 'p', 't',
                's', 1.00, 1.00, 'POSTED', current_timestamp)""";

    private static final Clock CLOCK = Clock.systemUTC();

    /** One database with the store a hub would make on it (document numbers in blocks of 100). */
    private record Hub(JdbcTemplate jdbc, DataSourceTransactionManager transactions, FinanceDocumentStore store) {
        static Hub on(DataSource ds) {
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            DataSourceTransactionManager transactions = new DataSourceTransactionManager(ds);
            return new Hub(jdbc, transactions, new FinanceDocumentStore(jdbc, CLOCK, transactions, 100));
        }

        int count(String sql) {
            return jdbc.queryForObject(sql, Integer.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#migratedTo")
    void inAPostingBatchTheHeaderGoesInAtCommitWithItsReference(String name, Function<String, DataSource> database) {
        Hub hub = Hub.on(database.apply("latest"));

        TransactionStatus batch = hub.transactions().getTransaction(TransactionDefinition.withDefaults());
        BatchedWrites.open();
        StoredDocument stored = hub.store().save(cogs("SHP-1", "SO-50001"), document -> {
            assertThat(document.erpReference()).isNull();
            assertThat(hub.count("select count(*) from finance_document")).as("nothing before the commit").isZero();
            return "IF:" + document.documentNumber();
        });
        assertThat(stored.erpReference()).isEqualTo("IF:JE-US01-000001");
        hub.transactions().commit(batch);

        List<StoredDocument> read = hub.store().bySource("SHP-1");
        assertThat(read).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo(stored.id());
            assertThat(d.status()).isEqualTo("POSTED");
            assertThat(d.erpReference()).isEqualTo("IF:JE-US01-000001");
            assertThat(d.document().journalLines()).hasSize(2);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#migratedTo")
    void aDocumentWhoseEventRollsBackLeavesNothing(String name, Function<String, DataSource> database) {
        Hub hub = Hub.on(database.apply("latest"));
        TransactionTemplate savepoint = new TransactionTemplate(hub.transactions());
        savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);

        TransactionStatus batch = hub.transactions().getTransaction(TransactionDefinition.withDefaults());
        BatchedWrites.open();
        savepoint.executeWithoutResult(s -> hub.store().save(cogs("SHP-1", "SO-50001"), d -> "IF:1"));
        int mark = BatchedWrites.mark();
        assertThatThrownBy(() -> savepoint.executeWithoutResult(s -> hub.store().save(cogs("SHP-2", "SO-50001"), d -> {
            throw new IllegalStateException("the ERP adapter refused it");
        }))).isInstanceOf(IllegalStateException.class);
        BatchedWrites.discardFrom(mark);
        hub.transactions().commit(batch);

        assertThat(hub.jdbc().queryForList("select source_document from finance_document", String.class))
                .containsExactly("SHP-1");
        assertThat(hub.count("select count(*) from finance_document_line")).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#migratedTo")
    void idsContinueAboveTheIdentitysInTheOrderTakenAcrossHubs(String name, Function<String, DataSource> database) {
        DataSource ds = database.apply("60");
        JdbcTemplate before = new JdbcTemplate(ds);
        for (int i = 1; i <= 3; i++) {
            before.update(INSERT_WITHOUT_ID, "OLD-" + i);
        }
        Long highest = before.queryForObject("select max(id) from finance_document", Long.class);
        Databases.migrate(ds);
        Hub hubA = Hub.on(ds);
        Hub hubB = Hub.on(ds);

        long a1 = hubA.store().save(cogs("A-1", "SO-50001"), d -> "IF").id();
        long b1 = hubB.store().save(cogs("B-1", "SO-50001"), d -> "IF").id();
        long a2 = hubA.store().save(cogs("A-2", "SO-50001"), d -> "IF").id();
        assertThat(a1).isEqualTo(highest + 1);
        assertThat(b1).as("ids grow in the order postings take them, whichever hub").isEqualTo(a1 + 1);
        assertThat(a2).isEqualTo(b1 + 1);
        assertThat(hubA.count("select count(distinct id) from finance_document")).isEqualTo(6);

        assertThatThrownBy(() -> hubA.jdbc().update(INSERT_WITHOUT_ID, "NO-ID"))
                .as("an insert without an id fails at once instead of colliding with a hub's later")
                .isInstanceOf(DataIntegrityViolationException.class);
    }
}
