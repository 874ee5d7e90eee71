package io.dock2ledger.posting.store;

import io.dock2ledger.audit.BatchedWrites;
import io.dock2ledger.persistence.Databases;
import io.dock2ledger.posting.documents.DocumentKind;
import io.dock2ledger.posting.documents.FinanceDocument;
import io.dock2ledger.posting.documents.JournalLine;
import io.dock2ledger.posting.documents.StoredDocument;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A finance document's header is written once, final: in a posting batch at the batch's commit with the ERP reference
 * its delivery returned; ids come from a sequence, above the ones the table's identity gave before, in the order taken.
 */
class FinanceDocumentStoreTest {

    static Stream<Arguments> databases() {
        return Stream.of(
                Arguments.of("H2", (Function<String, DataSource>) Databases::h2MigratedTo),
                Arguments.of("PostgreSQL", (Function<String, DataSource>) Databases::postgresMigratedTo));
    }

    private final Clock clock = Clock.systemUTC();

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void inAPostingBatchTheHeaderGoesInAtCommitWithItsReference(String name, Function<String, DataSource> database) {
        DataSource ds = database.apply("latest");
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(ds);
        FinanceDocumentStore store = new FinanceDocumentStore(jdbc, clock, transactions, 100);

        TransactionStatus batch = transactions.getTransaction(TransactionDefinition.withDefaults());
        BatchedWrites.open();
        StoredDocument stored = store.save(journal("SHP-1"), document -> {
            assertThat(document.erpReference()).isNull();
            assertThat(count(jdbc, "select count(*) from finance_document")).as("nothing before the commit").isZero();
            return "IF:" + document.documentNumber();
        });
        assertThat(stored.erpReference()).isEqualTo("IF:JE-US01-000001");
        transactions.commit(batch);

        List<StoredDocument> read = store.bySource("SHP-1");
        assertThat(read).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo(stored.id());
            assertThat(d.status()).isEqualTo("POSTED");
            assertThat(d.erpReference()).isEqualTo("IF:JE-US01-000001");
            assertThat(d.document().journalLines()).hasSize(2);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDocumentWhoseEventRollsBackLeavesNothing(String name, Function<String, DataSource> database) {
        DataSource ds = database.apply("latest");
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(ds);
        FinanceDocumentStore store = new FinanceDocumentStore(jdbc, clock, transactions, 100);
        TransactionTemplate savepoint = new TransactionTemplate(transactions);
        savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);

        TransactionStatus batch = transactions.getTransaction(TransactionDefinition.withDefaults());
        BatchedWrites.open();
        savepoint.executeWithoutResult(s -> store.save(journal("SHP-1"), d -> "IF:1"));
        int mark = BatchedWrites.mark();
        assertThatThrownBy(() -> savepoint.executeWithoutResult(s -> store.save(journal("SHP-2"), d -> {
            throw new IllegalStateException("the ERP adapter refused it");
        }))).isInstanceOf(IllegalStateException.class);
        BatchedWrites.discardFrom(mark);
        transactions.commit(batch);

        assertThat(jdbc.queryForList("select source_document from finance_document", String.class))
                .containsExactly("SHP-1");
        assertThat(count(jdbc, "select count(*) from finance_document_line")).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void idsContinueAboveTheIdentitysInTheOrderTakenAcrossHubs(String name, Function<String, DataSource> database) {
        DataSource ds = database.apply("60");
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        for (int i = 1; i <= 3; i++) {
            // Documents stored before V70, numbered by the table's identity.
            jdbc.update("""
                    insert into finance_document (document_number, kind, journal_kind, entity, currency, posting_date,
                        period, period_adjusted, event_id, source_partner, source_event_type, source_document,
                        total_debit, total_credit, status, created_at)
                    values (?, 'JOURNAL', 'COGS', 'US01', 'USD', date '2026-11-26', '2026-11', false, 'e', 'p', 't',
                        's', 1.00, 1.00, 'POSTED', current_timestamp)""", "OLD-" + i);
        }
        Long highest = jdbc.queryForObject("select max(id) from finance_document", Long.class);
        Databases.migrate(ds);
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(ds);
        FinanceDocumentStore hubA = new FinanceDocumentStore(jdbc, clock, transactions, 100);
        FinanceDocumentStore hubB = new FinanceDocumentStore(jdbc, clock, transactions, 100);

        long a1 = hubA.save(journal("A-1"), d -> "IF").id();
        long b1 = hubB.save(journal("B-1"), d -> "IF").id();
        long a2 = hubA.save(journal("A-2"), d -> "IF").id();
        assertThat(a1).isEqualTo(highest + 1);
        assertThat(b1).as("ids grow in the order postings take them, whichever hub").isEqualTo(a1 + 1);
        assertThat(a2).isEqualTo(b1 + 1);
        assertThat(count(jdbc, "select count(distinct id) from finance_document")).isEqualTo(6);

        assertThatThrownBy(() -> jdbc.update("""
                insert into finance_document (document_number, kind, journal_kind, entity, currency, posting_date,
                    period, period_adjusted, event_id, source_partner, source_event_type, source_document,
                    total_debit, total_credit, status, created_at)
                values ('NO-ID', 'JOURNAL', 'COGS', 'US01', 'USD', date '2026-11-26', '2026-11', false, 'e', 'p', 't',
                    's', 1.00, 1.00, 'POSTED', current_timestamp)"""))
                .as("an insert without an id fails at once instead of colliding with a hub's later")
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    private static int count(JdbcTemplate jdbc, String sql) {
        return jdbc.queryForObject(sql, Integer.class);
    }

    private static FinanceDocument journal(String source) {
        return new FinanceDocument(DocumentKind.JOURNAL, "COGS", "US01", "USD", LocalDate.of(2026, 11, 26),
                "2026-11", false, "evt-" + source, "acme-3pl", "shipment.confirmed", source, null, "SO-50001",
                null, null, null, List.of(),
                List.of(new JournalLine(1, "5000", new BigDecimal("204.40"), BigDecimal.ZERO, null, null),
                        new JournalLine(2, "1200", BigDecimal.ZERO, new BigDecimal("204.40"), null, null)));
    }
}
