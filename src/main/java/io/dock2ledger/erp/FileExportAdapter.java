package io.dock2ledger.erp;

import io.dock2ledger.posting.FinanceAdapter;
import io.dock2ledger.posting.documents.DocumentKind;
import io.dock2ledger.posting.documents.FinanceDocument;
import io.dock2ledger.posting.documents.InvoiceLine;
import io.dock2ledger.posting.documents.JournalLine;
import io.dock2ledger.posting.documents.StoredDocument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * For ERPs that import batches of files: one CSV per document in a folder per document kind
 * ({@code <dir>/invoice/INV-US01-000001.csv}, {@code credit-memo/}, and every document's journal in
 * {@code journal/}). Each file is written under a dot-name and renamed into place (an importer never sees half a
 * file), and named by the document number: delivering a document again finds its file and writes nothing, so an
 * importer keyed on the file name or document number never books it twice. DELIVERED, not CONFIRMED: the ERP's own
 * id is known only to its importer.
 */
public class FileExportAdapter implements FinanceAdapter {

    static final String INVOICE_HEADER = "document_number,doc_type,entity,customer,currency,invoice_date,order_ref,"
            + "source_document,line_no,sku,quantity,uom,unit_price,net_amount,tax_rate,tax_amount,total_amount";
    static final String JOURNAL_HEADER = "document_number,journal_kind,entity,currency,posting_date,period,"
            + "source_document,line_no,account,debit,credit,sku,memo";

    private final Path dir;

    public FileExportAdapter(Path dir) {
        this.dir = dir;
    }

    @Override
    public String name() {
        return "file-export";
    }

    @Override
    public boolean confirms() {
        return false;
    }

    @Override
    public String deliver(StoredDocument stored) {
        FinanceDocument doc = stored.document();
        List<String> written = new ArrayList<>();
        if (doc.kind() != DocumentKind.JOURNAL) {
            written.add(write(folder(doc.kind()), stored.documentNumber(), invoiceCsv(stored)));
        }
        written.add(write("journal", stored.documentNumber(), journalCsv(stored)));
        return "file:" + String.join(",", written);
    }

    static String folder(DocumentKind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private String write(String folder, String documentNumber, String csv) {
        try {
            Path target = Files.createDirectories(dir.resolve(folder)).resolve(documentNumber + ".csv");
            String relative = folder + "/" + target.getFileName();
            if (Files.exists(target)) {
                return relative; // delivered before (a retry after a crash): the file stands, nothing is written twice
            }
            Path temp = target.resolveSibling("." + documentNumber + ".csv.tmp");
            Files.writeString(temp, csv, StandardCharsets.UTF_8);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
            return relative;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + documentNumber + " to " + dir.resolve(folder), e);
        }
    }

    private static String invoiceCsv(StoredDocument stored) {
        FinanceDocument doc = stored.document();
        StringBuilder csv = new StringBuilder(INVOICE_HEADER).append('\n');
        for (InvoiceLine l : doc.invoiceLines()) {
            row(csv, stored.documentNumber(), doc.kind().name(), doc.entity(), doc.counterparty(), doc.currency(),
                    doc.postingDate(), doc.orderRef(), doc.sourceDocument(), l.lineNo(), l.sku(), l.quantity(), l.uom(),
                    l.unitPrice(), l.net(), l.taxRate(), l.tax(), doc.total());
        }
        return csv.toString();
    }

    private static String journalCsv(StoredDocument stored) {
        FinanceDocument doc = stored.document();
        StringBuilder csv = new StringBuilder(JOURNAL_HEADER).append('\n');
        for (JournalLine l : doc.journalLines()) {
            row(csv, stored.documentNumber(), doc.journalKind(), doc.entity(), doc.currency(), doc.postingDate(),
                    doc.period(), doc.sourceDocument(), l.lineNo(), l.account(), l.debit(), l.credit(), l.sku(), l.memo());
        }
        return csv.toString();
    }

    private static void row(StringBuilder csv, Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(field(values[i]));
        }
        csv.append('\n');
    }

    /** RFC 4180: quote a field with a comma, quote or line break; money as plain decimals, never exponents. */
    static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof BigDecimal d ? d.toPlainString() : value.toString();
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
