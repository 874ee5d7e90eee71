package io.dock2ledger.posting.store;

import io.dock2ledger.audit.BatchedWrites;
import io.dock2ledger.posting.documents.DocumentKind;
import io.dock2ledger.posting.documents.FinanceDocument;
import io.dock2ledger.posting.documents.InvoiceLine;
import io.dock2ledger.posting.documents.JournalLine;
import io.dock2ledger.posting.documents.StoredDocument;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.dock2ledger.canonical.CanonicalEventStore.ARRIVAL_NUMBER;

/**
 * The hub's record of every finance document it produced, numbered per entity and kind
 * (INV-US01-000001, CM-US01-000001, JE-US01-000001). The database refuses an unbalanced journal
 * (a check constraint), as a last line of defence behind the posting engine's own check.
 */
public class FinanceDocumentStore {

    private static final String POSTED = "POSTED";

    /** The last column is the event's arrival number, by which an event's documents are found. */
    private static final String INSERT_HEADER = """
            insert into finance_document (id, document_number, kind, journal_kind, entity, currency, posting_date,
                period, period_adjusted, event_id, source_partner, source_event_type, source_document, counterparty,
                order_ref, net, tax, total, total_debit, total_credit, status, erp_reference, created_at, event_seq)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,\s""" + ARRIVAL_NUMBER + ")";

    /** Where {@code erp_reference} is in a header row of {@link #INSERT_HEADER}. */
    private static final int REFERENCE = 21;

    private static final String INSERT_LINE = """
            insert into finance_document_line (document_id, line_type, line_no, account, sku, quantity, uom,
                unit_price, net, tax_rate, tax, debit, credit, order_line_no, memo)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;
    private final int blockSize;
    private final Map<String, NumberBlock> blocks = new HashMap<>();

    /** Numbers without gaps, in the caller's transaction (a block size of 1). */
    public FinanceDocumentStore(JdbcTemplate jdbc, Clock clock) {
        this(jdbc, clock, null, 1);
    }

    /**
     * @param blockSize numbers taken from a series at a time. Above 1 a block is taken in a short transaction of its own,
     *                  so postings no longer wait on the series' row until the posting commits (with batched posting,
     *                  until the batch commits): every consumer would queue behind it. The price is gaps: numbers of a
     *                  block not used when the hub stops, and numbers of postings that rolled back, are never issued.
     */
    public FinanceDocumentStore(JdbcTemplate jdbc, Clock clock, PlatformTransactionManager transactions, int blockSize) {
        if (blockSize < 1 || (blockSize > 1 && transactions == null)) {
            throw new IllegalArgumentException("number block size must be at least 1 (with a transaction manager above 1), is "
                    + blockSize);
        }
        this.jdbc = jdbc;
        this.clock = clock;
        this.blockSize = blockSize;
        if (transactions == null) {
            this.ownTransaction = null;
        } else {
            this.ownTransaction = new TransactionTemplate(transactions);
            this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        }
    }

    /** The next unused numbers of one series held by this hub: [next, end). */
    private static final class NumberBlock {
        long next;
        long end;
    }

    /**
     * Stores a finance document and hands it to {@code deliver} (the finance adapter), which returns the ERP's reference,
     * or where the document waits ({@code pending:<target>}, {@code held:<target>}). The document is stored POSTED
     * with that reference, in the caller's transaction.
     * <p>
     * In a posting batch the header goes in once, final, with the batch's other rows just before it commits
     * (BatchedWrites): its id comes from a sequence, not from the insert, so nothing needs it written before the adapter
     * runs, and the reference set after delivery travels with the queued row. Before, every document was inserted at
     * once (one round trip for its generated id) and then updated with its status and reference (a second statement on
     * the same row), the posting's only update of a row it had just written. Outside a batch the header is written at
     * once (the delivery rows the adapter writes reference it), and the reference is added after.
     */
    public StoredDocument save(FinanceDocument doc, Function<StoredDocument, String> deliver) {
        return saveAll(List.of(doc), deliver).get(0);
    }

    /**
     * {@link #save} for the documents of one posting (an invoice and its COGS journal), in their order: their ids come
     * from one statement, not one round trip each.
     */
    public List<StoredDocument> saveAll(List<FinanceDocument> docs, Function<StoredDocument, String> deliver) {
        for (FinanceDocument doc : docs) {
            if (!doc.isBalanced()) {
                throw new IllegalArgumentException("Refusing to store an unbalanced journal for " + doc.sourceDocument()
                        + ": debits " + doc.totalDebit() + ", credits " + doc.totalCredit());
            }
        }
        long[] ids = nextIds(docs.size());
        List<StoredDocument> stored = new ArrayList<>(docs.size());
        for (int i = 0; i < docs.size(); i++) {
            stored.add(store(ids[i], docs.get(i), deliver));
        }
        return stored;
    }

    private StoredDocument store(long id, FinanceDocument doc, Function<StoredDocument, String> deliver) {
        String number = nextNumber(doc);
        Instant now = clock.instant();
        Object[] header = {id, number, doc.kind().name(), doc.journalKind(), doc.entity(), doc.currency(),
                Date.valueOf(doc.postingDate()), doc.period(), doc.periodAdjusted(), doc.eventId(), doc.sourcePartner(),
                doc.sourceEventType(), doc.sourceDocument(), doc.counterparty(), doc.orderRef(), doc.net(), doc.tax(),
                doc.total(), doc.totalDebit(), doc.totalCredit(), POSTED, null, Timestamp.from(now), doc.eventId()};
        boolean atCommit = BatchedWrites.insert(jdbc, INSERT_HEADER, header);
        BatchedWrites.insertAll(jdbc, INSERT_LINE, lines(id, doc));
        String reference = deliver.apply(new StoredDocument(id, number, POSTED, null, now, doc));
        if (atCommit) {
            header[REFERENCE] = reference; // the queued row is written at commit, with its reference
        } else {
            jdbc.update("update finance_document set erp_reference = ? where id = ?", reference, id);
        }
        return new StoredDocument(id, number, POSTED, reference, now, doc);
    }

    private static List<Object[]> lines(long id, FinanceDocument doc) {
        List<Object[]> lines = new ArrayList<>();
        for (InvoiceLine l : doc.invoiceLines()) {
            lines.add(new Object[]{id, "INVOICE", l.lineNo(), null, l.sku(), l.quantity(), l.uom(), l.unitPrice(),
                    l.net(), l.taxRate(), l.tax(), null, null, l.orderLineNo(), null});
        }
        for (JournalLine l : doc.journalLines()) {
            lines.add(new Object[]{id, "JOURNAL", l.lineNo(), l.account(), l.sku(), null, null, null, null, null, null,
                    l.debit(), l.credit(), null, l.memo()});
        }
        return lines;
    }

    /** Marks a posted document reversed; false if it was not in a reversible state (already reversed). */
    public boolean markReversed(long id) {
        return jdbc.update("update finance_document set status = 'REVERSED' where id = ? and status <> 'REVERSED'", id) == 1;
    }

    public java.util.Optional<StoredDocument> byNumber(String documentNumber) {
        return query("where document_number = ?", documentNumber).stream().findFirst();
    }

    /** The documents posted for a source document, oldest first, with their lines. */
    public List<StoredDocument> bySource(String sourceDocument) {
        return query("where source_document = ?", sourceDocument);
    }

    /** The documents posted for a stored event, oldest first, with their lines. */
    public List<StoredDocument> byEvent(String eventId) {
        return query("where event_seq = " + ARRIVAL_NUMBER, eventId);
    }

    private List<StoredDocument> query(String where, Object arg) {
        Map<Long, Header> headers = new LinkedHashMap<>();
        jdbc.query("""
                select id, document_number, kind, journal_kind, entity, currency, posting_date, period, period_adjusted,
                       event_id, source_partner, source_event_type, source_document, counterparty, order_ref,
                       net, tax, total, status, erp_reference, created_at
                from finance_document\s""" + where + " order by id", rs -> {
            headers.put(rs.getLong(1), new Header(rs.getLong(1), rs.getString(2), DocumentKind.valueOf(rs.getString(3)),
                    rs.getString(4), rs.getString(5), rs.getString(6), rs.getDate(7).toLocalDate(), rs.getString(8),
                    rs.getBoolean(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13),
                    rs.getString(14), rs.getString(15), rs.getBigDecimal(16), rs.getBigDecimal(17),
                    rs.getBigDecimal(18), rs.getString(19), rs.getString(20), rs.getTimestamp(21).toInstant(),
                    new ArrayList<>(), new ArrayList<>()));
        }, arg);
        if (headers.isEmpty()) {
            return List.of();
        }
        String ids = String.join(",", headers.keySet().stream().map(String::valueOf).toList());
        jdbc.query("""
                select document_id, line_type, line_no, account, sku, quantity, uom, unit_price, net, tax_rate, tax,
                       debit, credit, order_line_no, memo
                from finance_document_line where document_id in (""" + ids + ") order by document_id, line_type, line_no",
                rs -> {
                    Header h = headers.get(rs.getLong(1));
                    if ("INVOICE".equals(rs.getString(2))) {
                        h.invoiceLines.add(new InvoiceLine(rs.getInt(3), rs.getString(5), rs.getBigDecimal(6),
                                rs.getString(7), rs.getBigDecimal(8), rs.getBigDecimal(9), rs.getBigDecimal(10),
                                rs.getBigDecimal(11), (Integer) rs.getObject(14)));
                    } else {
                        h.journalLines.add(new JournalLine(rs.getInt(3), rs.getString(4), rs.getBigDecimal(12),
                                rs.getBigDecimal(13), rs.getString(5), rs.getString(15)));
                    }
                });
        return headers.values().stream().map(Header::toStored).toList();
    }

    private String nextNumber(FinanceDocument doc) {
        String prefix = switch (doc.kind()) {
            case INVOICE -> "INV";
            case CREDIT_MEMO -> "CM";
            case JOURNAL -> "JE";
        };
        String series = prefix + "-" + doc.entity();
        long value = blockSize == 1 ? take(series, 1) : fromBlock(series);
        return series + "-" + String.format("%06d", value);
    }

    /**
     * New documents' ids, from the database sequence {@code finance_document_ids} (migrations V70, V71 and V78 start it
     * above the ids the identities of the documents and of the interface headers gave; a header takes its document's
     * id). A sequence, not blocks held by each hub: ids then grow in the order postings take them across hub instances,
     * as the identity's did, and the delivery outbox sends an order's documents in id order (DeliveryOutbox.due). On H2
     * the sequence hands out values from memory (cache 1000, V71); on PostgreSQL it is one short round trip for all the
     * documents of a posting. They are handed to the documents in ascending order, so an order's documents keep the
     * order in which they were produced.
     */
    private long[] nextIds(int count) {
        if (count == 0) {
            return new long[0];
        }
        // One row per id; the database evaluates nextval once per row (H2 and PostgreSQL), in no promised order.
        StringBuilder rows = new StringBuilder("(1)");
        for (int i = 2; i <= count; i++) {
            rows.append(", (").append(i).append(')');
        }
        long[] ids = jdbc.queryForList("select nextval('finance_document_ids') from (values " + rows + ") as n(i)",
                Long.class).stream().mapToLong(Long::longValue).sorted().toArray();
        if (ids.length != count || Arrays.stream(ids).distinct().count() != count) {
            throw new IllegalStateException("finance_document_ids gave " + Arrays.toString(ids) + " for "
                    + count + " documents");
        }
        return ids;
    }

    private long fromBlock(String series) {
        synchronized (blocks) {
            NumberBlock block = blocks.computeIfAbsent(series, s -> new NumberBlock());
            if (block.next >= block.end) {
                block.next = ownTransaction.execute(status -> take(series, blockSize));
                block.end = block.next + blockSize;
            }
            return block.next++;
        }
    }

    /** Takes {@code count} numbers of a series, returns the first. The row lock serialises concurrent takers. */
    private long take(String series, int count) {
        // Conditional increment first; the first number of a new series is 1.
        if (jdbc.update("update document_sequence set next_value = next_value + ? where series = ?", count, series) == 0) {
            jdbc.update("insert into document_sequence (series, next_value) values (?, ?)", series, 1 + count);
            return 1;
        }
        Long next = jdbc.queryForObject("select next_value from document_sequence where series = ?", Long.class, series);
        return next - count;
    }

    private record Header(long id, String number, DocumentKind kind, String journalKind, String entity, String currency,
                          java.time.LocalDate postingDate, String period, boolean periodAdjusted, String eventId,
                          String partner, String eventType, String source, String counterparty, String orderRef,
                          java.math.BigDecimal net, java.math.BigDecimal tax, java.math.BigDecimal total, String status,
                          String erpReference, Instant createdAt, List<InvoiceLine> invoiceLines,
                          List<JournalLine> journalLines) {
        StoredDocument toStored() {
            return new StoredDocument(id, number, status, erpReference, createdAt, new FinanceDocument(kind, journalKind,
                    entity, currency, postingDate, period, periodAdjusted, eventId, partner, eventType, source,
                    counterparty, orderRef, net, tax, total, invoiceLines, journalLines));
        }
    }
}
