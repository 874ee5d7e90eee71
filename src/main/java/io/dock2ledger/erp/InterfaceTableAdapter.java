package io.dock2ledger.erp;

import io.dock2ledger.audit.BatchedWrites;
import io.dock2ledger.posting.FinanceAdapter;
import io.dock2ledger.posting.documents.DocumentKind;
import io.dock2ledger.posting.documents.FinanceDocument;
import io.dock2ledger.posting.documents.InvoiceLine;
import io.dock2ledger.posting.documents.JournalLine;
import io.dock2ledger.posting.documents.StoredDocument;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

/**
 * The default finance adapter: writes the classic ERP interface tables (invoice header and lines, journal header
 * and lines, import status NEW) that an ERP import job picks up. It runs in the posting transaction, so the
 * interface rows, the hub's documents and the idempotency ledger commit together ({@link ErpOutbox}); a document
 * released by an approver later is written by the delivery route, in its own transaction. An invoice or credit memo
 * writes both its commercial document and its journal. Lines are written with the posting batch's other lines when
 * it commits (BatchedWrites).
 */
public class InterfaceTableAdapter implements FinanceAdapter {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public InterfaceTableAdapter(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "interface-tables";
    }

    /** Rows in the hub's own database: written inside the posting transaction, CONFIRMED with it. */
    @Override
    public boolean writesToHubDatabase() {
        return true;
    }

    @Override
    public String deliver(StoredDocument stored) {
        FinanceDocument doc = stored.document();
        Timestamp now = Timestamp.from(clock.instant());
        if (doc.kind() != DocumentKind.JOURNAL) {
            Long header = insertIfAbsent("""
                        insert into erp_if_invoice_header (document_number, doc_type, entity, customer, currency,
                            invoice_date, order_ref, source_document, net_amount, tax_amount, total_amount,
                            import_status, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'NEW', ?) on conflict do nothing""",
                        stored.documentNumber(), doc.kind().name(), doc.entity(), doc.counterparty(), doc.currency(),
                        Date.valueOf(doc.postingDate()), doc.orderRef(), doc.sourceDocument(), doc.net(), doc.tax(),
                        doc.total(), now);
            if (header != null) {
                List<Object[]> lines = doc.invoiceLines().stream().map((InvoiceLine l) -> new Object[]{header, l.lineNo(),
                        l.sku(), l.quantity(), l.uom(), l.unitPrice(), l.net(), l.taxRate(), l.tax()}).toList();
                BatchedWrites.insertAll(jdbc, """
                        insert into erp_if_invoice_line (header_id, line_no, sku, quantity, uom, unit_price, net_amount,
                            tax_rate, tax_amount) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", lines);
            }
        }
        Long header = insertIfAbsent("""
                    insert into erp_if_journal_header (document_number, journal_kind, entity, currency, posting_date,
                        period, source_document, import_status, created_at)
                    values (?, ?, ?, ?, ?, ?, ?, 'NEW', ?) on conflict do nothing""",
                stored.documentNumber(), doc.journalKind(), doc.entity(), doc.currency(),
                Date.valueOf(doc.postingDate()), doc.period(), doc.sourceDocument(), now);
        if (header != null) {
            List<Object[]> lines = doc.journalLines().stream().map((JournalLine l) -> new Object[]{header, l.lineNo(),
                    l.account(), l.debit(), l.credit(), l.sku(), l.memo()}).toList();
            BatchedWrites.insertAll(jdbc, """
                    insert into erp_if_journal_line (header_id, line_no, account, debit, credit, sku, memo)
                    values (?, ?, ?, ?, ?, ?, ?)""", lines);
        }
        return "IF:" + stored.documentNumber();
    }

    /**
     * Inserts a header unless its document number is there already, and returns its generated id, or null when it was
     * there: idempotent by document number (the headers' unique key), so a redelivered document writes nothing. One
     * statement: the {@code count(*)} it replaces was a second round trip per header on every posting, for a case
     * (a document delivered twice) only a redelivery by ErpDeliveries can produce.
     */
    private Long insertIfAbsent(String sql, Object... args) {
        KeyHolder key = new GeneratedKeyHolder();
        int inserted = jdbc.update(connection -> {
            PreparedStatement ps = connection.prepareStatement(sql, new String[]{"id"});
            new ArgumentPreparedStatementSetter(args).setValues(ps);
            return ps;
        }, key);
        return inserted == 0 || key.getKeyList().isEmpty() ? null : key.getKey().longValue();
    }
}
