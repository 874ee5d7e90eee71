package io.dock2ledger.erp;

import io.dock2ledger.audit.BatchedWrites;
import io.dock2ledger.persistence.Databases;
import io.dock2ledger.posting.documents.StoredDocument;
import io.dock2ledger.posting.store.FinanceDocumentStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

import static io.dock2ledger.erp.ErpFixtures.cogs;
import static io.dock2ledger.erp.ErpFixtures.invoice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Interface headers carry their finance document's id (V77): in a posting batch they go in with their lines at the
 * commit, without a round trip each for a generated id; outside one a document delivered again writes nothing.
 */
class InterfaceTableAdapterTest {

    private static final Clock CLOCK = Clock.systemUTC();


    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#migratedTo")
    void inAPostingBatchTheHeadersGoInAtCommitWithTheirDocumentsIds(String name,
                                                                     Function<String, DataSource> database) {
        DataSource ds = database.apply("latest");
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(ds);
        FinanceDocumentStore store = new FinanceDocumentStore(jdbc, CLOCK, transactions, 100);
        InterfaceTableAdapter adapter = new InterfaceTableAdapter(jdbc, CLOCK);

        TransactionStatus batch = transactions.getTransaction(TransactionDefinition.withDefaults());
        BatchedWrites.open();
        List<StoredDocument> stored = store.saveAll(List.of(invoice("SHP-1", "SO-1"), cogs("SHP-1", "SO-1")),
                adapter::deliver);
        assertThat(count(jdbc, "select count(*) from erp_if_journal_header")).as("nothing before the commit").isZero();
        transactions.commit(batch);

        long invoiceId = stored.get(0).id();
        long cogsId = stored.get(1).id();
        assertThat(cogsId).as("a posting's documents take ids in their order").isEqualTo(invoiceId + 1);
        assertThat(jdbc.queryForList("select id from erp_if_invoice_header", Long.class)).containsExactly(invoiceId);
        assertThat(jdbc.queryForList("select id from erp_if_journal_header order by id", Long.class))
                .containsExactly(invoiceId, cogsId);
        assertThat(jdbc.queryForList("select distinct header_id from erp_if_invoice_line", Long.class))
                .containsExactly(invoiceId);
        assertThat(jdbc.queryForList("select header_id from erp_if_journal_line where header_id = ?", Long.class,
                cogsId)).hasSize(stored.get(1).document().journalLines().size());
        assertThat(jdbc.queryForObject("select document_number from erp_if_journal_header where id = ?", String.class,
                cogsId)).isEqualTo(stored.get(1).documentNumber());

        adapter.deliver(stored.get(0)); // delivered again outside a batch (a released document): nothing more
        assertThat(count(jdbc, "select count(*) from erp_if_invoice_header")).isEqualTo(1);
        assertThat(count(jdbc, "select count(*) from erp_if_invoice_line"))
                .isEqualTo(stored.get(0).document().invoiceLines().size());
        assertThat(count(jdbc, "select count(*) from erp_if_journal_header")).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#migratedTo")
    void documentIdsStartAboveTheIdsTheHeadersIdentitiesGave(String name, Function<String, DataSource> database) {
        DataSource ds = database.apply("76");
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        // Headers written before V77 took their ids from their tables' identities, here far above the documents'.
        for (int i = 1; i <= 3; i++) {
            jdbc.update("""
                    insert into erp_if_journal_header (document_number, journal_kind, entity, currency, posting_date,
                        period, source_document, import_status, created_at)
                    values (?, 'COGS', 'US01', 'USD', date '2026-11-26', '2026-11', 'OLD', 'NEW', current_timestamp)""",
                    "JE-OLD-" + i);
        }
        jdbc.update("""
                insert into erp_if_invoice_header (id, document_number, doc_type, entity, customer, currency,
                    invoice_date, source_document, net_amount, tax_amount, total_amount, import_status, created_at)
                values (500, 'INV-OLD-1', 'INVOICE', 'US01', 'CUST-1001', 'USD', date '2026-11-26', 'OLD', 1, 0, 1,
                    'NEW', current_timestamp)""");
        Databases.migrate(ds);
        FinanceDocumentStore store = new FinanceDocumentStore(jdbc, CLOCK);
        InterfaceTableAdapter adapter = new InterfaceTableAdapter(jdbc, CLOCK);

        StoredDocument stored = store.save(invoice("SHP-2", "SO-2"), adapter::deliver);

        assertThat(stored.id()).as("above every id a header's identity gave").isEqualTo(501);
        assertThat(count(jdbc, "select count(*) from erp_if_invoice_header")).isEqualTo(2);
        assertThat(count(jdbc, "select count(*) from erp_if_journal_header")).isEqualTo(4);
        assertThatThrownBy(() -> jdbc.update("""
                insert into erp_if_journal_header (document_number, journal_kind, entity, currency, posting_date,
                    period, source_document, import_status, created_at)
                values ('JE-NO-ID', 'COGS', 'US01', 'USD', date '2026-11-26', '2026-11', 'X', 'NEW',
                    current_timestamp)"""))
                .as("a header without an id fails at once instead of taking one a document will take")
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    private static int count(JdbcTemplate jdbc, String sql) {
        return jdbc.queryForObject(sql, Integer.class);
    }
}
