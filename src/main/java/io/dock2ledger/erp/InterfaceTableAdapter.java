package io.dock2ledger.erp;

import io.dock2ledger.audit.BatchedWrites;
import io.dock2ledger.posting.FinanceAdapter;
import io.dock2ledger.posting.documents.DocumentKind;
import io.dock2ledger.posting.documents.FinanceDocument;
import io.dock2ledger.posting.documents.InvoiceLine;
import io.dock2ledger.posting.documents.JournalLine;
import io.dock2ledger.posting.documents.StoredDocument;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

/**
 * The default finance adapter: writes the classic ERP interface tables (invoice header and lines, journal header
 * and lines, import status NEW) that an ERP import job picks up. It runs in the posting transaction, so the
 * interface rows, the hub's documents and the idempotency ledger commit together ({@link ErpOutbox}); a document
 * released by an approver later is written by the delivery route, in its own transaction. An invoice or credit memo
 * writes both its commercial document and its journal. In a posting batch, headers and lines are written with the
 * batch's other rows when it commits (BatchedWrites); each header carries its finance document's id.
 */
public class InterfaceTableAdapter implements FinanceAdapter {

    private static final String INVOICE_HEADER = """
            insert into erp_if_invoice_header (id, document_number, doc_type, entity, customer, currency, invoice_date,
                order_ref, source_document, net_amount, tax_amount, total_amount, import_status, created_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'NEW', ?) on conflict do nothing""";

    private static final String INVOICE_LINE = """
            insert into erp_if_invoice_line (header_id, line_no, sku, quantity, uom, unit_price, net_amount, tax_rate,
                tax_amount) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private static final String JOURNAL_HEADER = """
            insert into erp_if_journal_header (id, document_number, journal_kind, entity, currency, posting_date,
                period, source_document, import_status, created_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, 'NEW', ?) on conflict do nothing""";

    private static final String JOURNAL_LINE = """
            insert into erp_if_journal_line (header_id, line_no, account, debit, credit, sku, memo)
            values (?, ?, ?, ?, ?, ?, ?)""";

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
        long id = stored.id();
        if (doc.kind() != DocumentKind.JOURNAL) {
            Object[] header = {id, stored.documentNumber(), doc.kind().name(), doc.entity(), doc.counterparty(),
                    doc.currency(), Date.valueOf(doc.postingDate()), doc.orderRef(), doc.sourceDocument(), doc.net(),
                    doc.tax(), doc.total(), now};
            List<Object[]> lines = doc.invoiceLines().stream().map((InvoiceLine l) -> new Object[]{id, l.lineNo(),
                    l.sku(), l.quantity(), l.uom(), l.unitPrice(), l.net(), l.taxRate(), l.tax()}).toList();
            write(INVOICE_HEADER, header, INVOICE_LINE, lines);
        }
        Object[] header = {id, stored.documentNumber(), doc.journalKind(), doc.entity(), doc.currency(),
                Date.valueOf(doc.postingDate()), doc.period(), doc.sourceDocument(), now};
        List<Object[]> lines = doc.journalLines().stream().map((JournalLine l) -> new Object[]{id, l.lineNo(),
                l.account(), l.debit(), l.credit(), l.sku(), l.memo()}).toList();
        write(JOURNAL_HEADER, header, JOURNAL_LINE, lines);
        return "IF:" + stored.documentNumber();
    }

    /**
     * A header and its lines, idempotent by document number (the headers' unique key): a document delivered again
     * writes nothing. The header's id is its finance document's (V77), known before the insert, so in a posting batch
     * the header waits for the commit with its lines (BatchedWrites) and costs no round trip of its own; there the
     * document was numbered in this transaction, so its number cannot be in the table yet. Anywhere else (a released
     * document delivered by ErpDeliveries, perhaps again) the header goes in at once and its lines only if it did.
     */
    private void write(String header, Object[] headerRow, String line, List<Object[]> lines) {
        if (BatchedWrites.collecting()) {
            BatchedWrites.insert(jdbc, header, headerRow);
            BatchedWrites.insertAll(jdbc, line, lines);
        } else if (jdbc.update(header, headerRow) == 1 && !lines.isEmpty()) {
            jdbc.batchUpdate(line, lines);
        }
    }
}
