package io.dock2ledger.operations.reconciliation;

import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.canonical.EventLine;
import io.dock2ledger.canonical.EventType;
import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.masterdata.Warehouse;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reconciles one legal entity's business day, line by line, in two steps.
 * <ol>
 *   <li>Warehouse against the hub's finance documents: every business document the warehouse reported that day (one
 *   per idempotency key: partner, event type, document id; copies count once) must have its documents (else
 *   MISSING_POSTING), one per journal kind (else POSTED_TWICE), and for shipments and returns the invoice or credit
 *   memo must carry each SKU's base quantity (else QUANTITY_MISMATCH).</li>
 *   <li>The hub's documents against what the ERP received: every posted document must be confirmed by its finance
 *   adapter (else NOT_CONFIRMED_BY_ERP; with the interface-table adapter, confirmed means its interface rows exist),
 *   and the interface rows must carry the document's amounts and quantities line by line (else AMOUNT_MISMATCH or
 *   QUANTITY_MISMATCH).</li>
 * </ol>
 * Reversed documents and the reversals themselves cancel out and are not counted as postings. Read-only: raising the
 * differences as exceptions is {@link ReconciliationExceptions}' job.
 */
public class Reconciler {

    private static final Set<String> UNDECIDED = Set.of("ACCEPTED", "WAITING");
    private static final String INTERFACE_TABLES = "IF:";

    private final JdbcTemplate jdbc;
    private final CanonicalEventStore events;
    private final MasterData masterData;
    private final Clock clock;

    public Reconciler(JdbcTemplate jdbc, CanonicalEventStore events, MasterData masterData, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.masterData = masterData;
        this.clock = clock;
    }

    /** @param entity a legal entity, or null for every entity */
    public ReconciliationReport reconcile(String entity, LocalDate date) {
        Map<Key, List<StoredEvent>> byKey = eventsOf(date);
        Map<Key, String> ledger = ledgerOf(date);
        Map<Key, List<Doc>> docsByKey = documentsOf(date);
        Map<String, ErpDocument> erp = erpRowsOf(date);
        Map<String, OpenException> openByEvent = openExceptionsOf(date);

        List<ReconciliationRow> rows = new ArrayList<>();
        int eventCount = 0;
        int documentCount = 0;
        for (Map.Entry<Key, List<StoredEvent>> entry : byKey.entrySet()) {
            Key key = entry.getKey();
            StoredEvent event = representative(entry.getValue(), ledger.get(key));
            List<Doc> docs = docsByKey.getOrDefault(key, List.of());
            String eventEntity = entityOf(event, docs);
            if (entity != null && eventEntity != null && !entity.equals(eventEntity)) {
                continue;
            }
            List<Doc> posted = docs.stream().filter(Doc::counts)
                    .filter(d -> entity == null || entity.equals(d.entity)).toList();
            eventCount++;
            documentCount += posted.size();
            Context ctx = new Context(eventEntity == null ? entity : eventEntity, date, key, event);
            compareEvent(ctx, entry.getValue(), posted, docs, openByEvent, rows);
            for (Doc doc : posted) {
                compareWithErp(ctx, doc, erp.get(doc.number), rows);
            }
        }
        rows.sort(Comparator.comparing(ReconciliationRow::sourceDocument, Comparator.nullsFirst(Comparator.naturalOrder())));
        return ReconciliationReport.of(entity, date, clock.instant(), eventCount, documentCount, rows);
    }

    private void compareEvent(Context ctx, List<StoredEvent> copies, List<Doc> posted, List<Doc> allDocs,
                              Map<String, OpenException> openByEvent, List<ReconciliationRow> rows) {
        StoredEvent event = ctx.event;
        if (posted.isEmpty()) {
            if ("NOTHING_TO_POST".equals(event.status)) {
                rows.add(ctx.row("EVENT", null, null, null, null, null, null, null, null, ReconciliationRow.OK,
                        "nothing to post for this event (its audit trail says why)"));
                return;
            }
            rows.add(ctx.row("EVENT", null, null, null, null, null, null, null, null,
                    DifferenceKind.MISSING_POSTING.name(), whyNotPosted(event, copies, allDocs, openByEvent)));
            return;
        }
        Map<String, List<Doc>> byJournalKind = posted.stream()
                .collect(Collectors.groupingBy(d -> d.journalKind, TreeMap::new, Collectors.toList()));
        byJournalKind.forEach((journalKind, docs) -> {
            if (docs.size() > 1) {
                String numbers = docs.stream().map(d -> d.number + " (event " + d.eventId + ")")
                        .collect(Collectors.joining(", "));
                rows.add(ctx.row("EVENT", docs.get(1).number, journalKind, null, null, null, null,
                        docs.get(1).total(), docs.get(0).total(), DifferenceKind.POSTED_TWICE.name(),
                        docs.size() + " " + journalKind + " documents for one business document: " + numbers));
            }
        });
        EventType type = event.event.eventType();
        if (type == EventType.SHIPMENT_CONFIRMED || type == EventType.RETURN_RECEIVED) {
            compareQuantities(ctx, posted, rows);
        } else {
            rows.add(ctx.row("EVENT", posted.get(0).number, null, null, null, null, null, null, null,
                    ReconciliationRow.OK, posted.size() + " document(s): "
                            + posted.stream().map(d -> d.number + " " + d.journalKind).collect(Collectors.joining(", "))));
        }
    }

    /** Each SKU's base quantity on the event against the invoice or credit memo lines. */
    private void compareQuantities(Context ctx, List<Doc> posted, List<ReconciliationRow> rows) {
        Map<String, BigDecimal> warehouse = new TreeMap<>();
        for (EventLine line : ctx.event.event.lines()) {
            BigDecimal quantity = line.baseQuantity() != null ? line.baseQuantity() : line.quantity();
            warehouse.merge(Objects.requireNonNullElse(line.sku(), line.partnerItem()), quantity, BigDecimal::add);
        }
        List<Doc> commercial = posted.stream().filter(d -> !"JOURNAL".equals(d.kind)).toList();
        // A document posted twice is named once above; compare the lines of the first, not the sum of both.
        Map<String, Doc> firstByKind = new LinkedHashMap<>();
        commercial.forEach(d -> firstByKind.putIfAbsent(d.journalKind, d));
        Map<String, BigDecimal> finance = new TreeMap<>();
        String number = null;
        for (Doc doc : firstByKind.values()) {
            number = doc.number;
            doc.invoiceLines.forEach(l -> finance.merge(l.sku, l.quantity, BigDecimal::add));
        }
        Set<String> skus = new java.util.TreeSet<>(warehouse.keySet());
        skus.addAll(finance.keySet());
        for (String sku : skus) {
            BigDecimal w = warehouse.get(sku);
            BigDecimal f = finance.get(sku);
            boolean same = w != null && f != null && w.compareTo(f) == 0;
            rows.add(ctx.row("EVENT_LINE", number, firstByKind.keySet().stream().findFirst().orElse(null), sku, null,
                    w, f, null, null, same ? ReconciliationRow.OK : DifferenceKind.QUANTITY_MISMATCH.name(),
                    same ? "quantity posted as shipped/returned"
                            : "warehouse reported " + plain(w) + ", the " + (number == null ? "hub posted no commercial document"
                            : "document " + number + " carries " + plain(f))));
        }
    }

    /** A posted document against the rows the ERP received. */
    private void compareWithErp(Context ctx, Doc doc, ErpDocument erp, List<ReconciliationRow> rows) {
        if (doc.erpReference == null || doc.erpReference.isBlank()) {
            rows.add(ctx.docRow(doc, null, null, null, null, DifferenceKind.NOT_CONFIRMED_BY_ERP,
                    "no finance adapter has confirmed " + doc.number + " (no ERP reference)"));
            return;
        }
        if (!doc.erpReference.startsWith(INTERFACE_TABLES)) {
            // Another adapter confirmed it with its own reference; its rows are not in this database.
            rows.add(ctx.docRow(doc, null, null, doc.total(), null, null, "confirmed by the ERP as " + doc.erpReference));
            return;
        }
        if (erp == null || erp.journalLines.isEmpty()) {
            rows.add(ctx.docRow(doc, null, null, doc.total(), null, DifferenceKind.NOT_CONFIRMED_BY_ERP,
                    doc.number + " has no rows in the ERP interface tables"));
            return;
        }
        List<ReconciliationRow> found = new ArrayList<>();
        if (!"JOURNAL".equals(doc.kind)) {
            if (erp.invoice == null) {
                found.add(ctx.docRow(doc, null, null, doc.total(), null, DifferenceKind.NOT_CONFIRMED_BY_ERP,
                        doc.number + " has a journal but no invoice header in the ERP interface tables"));
            } else {
                amount(ctx, doc, "net", doc.net, erp.invoice.net, found);
                amount(ctx, doc, "tax", doc.tax, erp.invoice.tax, found);
                amount(ctx, doc, "total", doc.totalAmount, erp.invoice.total, found);
                for (DocLine line : doc.invoiceLines) {
                    ErpLine row = erp.invoiceLines.get(line.lineNo);
                    if (row == null) {
                        found.add(ctx.lineRow(doc, line.sku, null, line.quantity, null, line.net, null,
                                DifferenceKind.AMOUNT_MISMATCH, "invoice line " + line.lineNo + " is missing in the ERP"));
                        continue;
                    }
                    if (!sameAmount(line.quantity, row.quantity)) {
                        found.add(ctx.lineRow(doc, line.sku, null, line.quantity, row.quantity, null, null,
                                DifferenceKind.QUANTITY_MISMATCH, "invoice line " + line.lineNo + " quantity"));
                    }
                    if (!sameAmount(line.net, row.net) || !sameAmount(line.tax, row.tax)) {
                        found.add(ctx.lineRow(doc, line.sku, null, null, null, line.net, row.net,
                                DifferenceKind.AMOUNT_MISMATCH, "invoice line " + line.lineNo + " net " + plain(line.net)
                                        + "/" + plain(row.net) + ", tax " + plain(line.tax) + "/" + plain(row.tax)));
                    }
                }
            }
        }
        Map<String, BigDecimal> hubByAccount = new TreeMap<>();
        doc.journalLines.forEach(l -> hubByAccount.merge(l.account, l.debit.subtract(l.credit), BigDecimal::add));
        Map<String, BigDecimal> erpByAccount = new TreeMap<>();
        erp.journalLines.values().forEach(l -> erpByAccount.merge(l.account, l.debit.subtract(l.credit), BigDecimal::add));
        Set<String> accounts = new java.util.TreeSet<>(hubByAccount.keySet());
        accounts.addAll(erpByAccount.keySet());
        for (String account : accounts) {
            BigDecimal hub = hubByAccount.get(account);
            BigDecimal received = erpByAccount.get(account);
            if (!sameAmount(hub, received)) {
                found.add(ctx.lineRow(doc, null, account, null, null, hub, received, DifferenceKind.AMOUNT_MISMATCH,
                        "account " + account + ": the hub posted " + plain(hub) + " (debit positive), the ERP received "
                                + plain(received)));
            }
        }
        if (found.isEmpty()) {
            rows.add(ctx.docRow(doc, null, null, doc.total(), erp.total(), null,
                    "interface rows match line by line (" + doc.journalLines.size() + " journal lines, "
                            + doc.invoiceLines.size() + " invoice lines), import status " + erp.status));
        } else {
            rows.addAll(found);
        }
    }

    private static void amount(Context ctx, Doc doc, String what, BigDecimal hub, BigDecimal erp,
                               List<ReconciliationRow> found) {
        if (!sameAmount(hub, erp)) {
            found.add(ctx.docRow(doc, null, null, hub, erp, DifferenceKind.AMOUNT_MISMATCH,
                    what + ": the hub posted " + plain(hub) + ", the ERP received " + plain(erp)));
        }
    }

    private static boolean sameAmount(BigDecimal a, BigDecimal b) {
        if (a == null || b == null) {
            return a == null && b == null;
        }
        return a.compareTo(b) == 0;
    }

    private static String plain(BigDecimal value) {
        return value == null ? "nothing" : value.stripTrailingZeros().toPlainString();
    }

    private String whyNotPosted(StoredEvent event, List<StoredEvent> copies, List<Doc> allDocs,
                                Map<String, OpenException> openByEvent) {
        for (StoredEvent copy : copies) {
            OpenException open = openByEvent.get(copy.eventId);
            if (open != null) {
                return "not posted: open exception #" + open.id + " " + open.category + " (owner " + open.owner + "): "
                        + open.reason;
            }
        }
        if (!allDocs.isEmpty()) {
            return "every document posted for it was reversed: " + allDocs.stream()
                    .map(d -> d.number + " " + d.status).collect(Collectors.joining(", "));
        }
        if (UNDECIDED.contains(event.status)) {
            return "stored but not posted (status " + event.status + " since " + event.receivedAt + ")";
        }
        return "not posted (status " + event.status + ")";
    }

    /** The event that speaks for its business document: the one the ledger holds, else the latest copy. */
    private static StoredEvent representative(List<StoredEvent> copies, String ledgerEventId) {
        if (ledgerEventId != null) {
            for (StoredEvent copy : copies) {
                if (copy.eventId.equals(ledgerEventId)) {
                    return copy;
                }
            }
        }
        return copies.get(copies.size() - 1);
    }

    private String entityOf(StoredEvent event, List<Doc> docs) {
        if (!docs.isEmpty()) {
            return docs.get(0).entity;
        }
        return Optional.ofNullable(event.event.warehouse())
                .flatMap(masterData::warehouse)
                .map(Warehouse::entity)
                .orElse(null);
    }

    // ------------------------------------------------------------------------------------------------ reading

    private Map<Key, List<StoredEvent>> eventsOf(LocalDate date) {
        Map<Key, List<StoredEvent>> byKey = new LinkedHashMap<>();
        String sql = """
                select e.event_id, e.status, e.received_at, p.payload from canonical_event e %s
                where e.business_date = ? order by e.received_at, e.event_id"""
                .formatted(CanonicalEventStore.WITH_PAYLOAD);
        jdbc.query(sql, rs -> {
            CanonicalEvent event = events.fromJson(rs.getString(4));
            if (event.source() == null || event.source().documentId() == null) {
                return;
            }
            StoredEvent stored = new StoredEvent(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), event);
            byKey.computeIfAbsent(new Key(event.source().partner(), event.type(), event.source().documentId()),
                    k -> new ArrayList<>()).add(stored);
        }, Date.valueOf(date));
        return byKey;
    }

    private Map<Key, String> ledgerOf(LocalDate date) {
        Map<Key, String> ledger = new HashMap<>();
        jdbc.query("""
                select l.partner, l.event_type, l.document_id, l.event_id from posting_ledger l
                where exists (select 1 from canonical_event e where e.business_date = ? and e.partner = l.partner
                              and e.event_type = l.event_type and e.source_document = l.document_id)""",
                rs -> {
                    ledger.put(new Key(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getString(4));
                }, Date.valueOf(date));
        return ledger;
    }

    private static final String DOCUMENTS_OF_THE_DAY = """
            exists (select 1 from canonical_event e where e.business_date = ? and e.partner = d.source_partner
                    and e.event_type = d.source_event_type and e.source_document = d.source_document)""";

    private Map<Key, List<Doc>> documentsOf(LocalDate date) {
        Map<Long, Doc> byId = new LinkedHashMap<>();
        jdbc.query("""
                select d.id, d.document_number, d.kind, d.journal_kind, d.entity, d.event_id, d.source_partner,
                       d.source_event_type, d.source_document, d.net, d.tax, d.total, d.total_debit, d.status,
                       d.erp_reference
                from finance_document d where\s""" + DOCUMENTS_OF_THE_DAY + " order by d.id", rs -> {
            byId.put(rs.getLong(1), new Doc(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    rs.getString(6), new Key(rs.getString(7), rs.getString(8), rs.getString(9)), rs.getBigDecimal(10),
                    rs.getBigDecimal(11), rs.getBigDecimal(12), rs.getBigDecimal(13), rs.getString(14),
                    rs.getString(15), new ArrayList<>(), new ArrayList<>()));
        }, Date.valueOf(date));
        jdbc.query("""
                select l.document_id, l.line_type, l.line_no, l.account, l.sku, l.quantity, l.net, l.tax, l.debit, l.credit
                from finance_document_line l join finance_document d on d.id = l.document_id
                where\s""" + DOCUMENTS_OF_THE_DAY + " order by l.document_id, l.line_type, l.line_no", rs -> {
            Doc doc = byId.get(rs.getLong(1));
            if (doc == null) {
                return;
            }
            DocLine line = new DocLine(rs.getInt(3), rs.getString(4), rs.getString(5), rs.getBigDecimal(6),
                    rs.getBigDecimal(7), rs.getBigDecimal(8), zero(rs.getBigDecimal(9)), zero(rs.getBigDecimal(10)));
            if ("INVOICE".equals(rs.getString(2))) {
                doc.invoiceLines.add(line);
            } else {
                doc.journalLines.add(line);
            }
        }, Date.valueOf(date));
        Map<Key, List<Doc>> byKey = new LinkedHashMap<>();
        byId.values().forEach(d -> byKey.computeIfAbsent(d.key, k -> new ArrayList<>()).add(d));
        return byKey;
    }

    private Map<String, ErpDocument> erpRowsOf(LocalDate date) {
        Map<String, ErpDocument> byNumber = new HashMap<>();
        String numbers = "select d.document_number from finance_document d where " + DOCUMENTS_OF_THE_DAY;
        jdbc.query("""
                select h.document_number, h.net_amount, h.tax_amount, h.total_amount, h.import_status, l.line_no,
                       l.sku, l.quantity, l.net_amount, l.tax_amount
                from erp_if_invoice_header h left join erp_if_invoice_line l on l.header_id = h.id
                where h.document_number in (""" + numbers + ")", rs -> {
            ErpDocument doc = byNumber.computeIfAbsent(rs.getString(1), n -> new ErpDocument());
            doc.invoice = new ErpInvoice(rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getBigDecimal(4));
            doc.status = rs.getString(5);
            if (rs.getObject(6) != null) {
                doc.invoiceLines.put(rs.getInt(6), new ErpLine(null, rs.getBigDecimal(8), rs.getBigDecimal(9),
                        rs.getBigDecimal(10), BigDecimal.ZERO, BigDecimal.ZERO));
            }
        }, Date.valueOf(date));
        jdbc.query("""
                select h.document_number, h.import_status, l.line_no, l.account, l.debit, l.credit
                from erp_if_journal_header h left join erp_if_journal_line l on l.header_id = h.id
                where h.document_number in (""" + numbers + ")", rs -> {
            ErpDocument doc = byNumber.computeIfAbsent(rs.getString(1), n -> new ErpDocument());
            doc.status = rs.getString(2);
            if (rs.getObject(3) != null) {
                doc.journalLines.put(rs.getInt(3), new ErpLine(rs.getString(4), null, null, null,
                        zero(rs.getBigDecimal(5)), zero(rs.getBigDecimal(6))));
            }
        }, Date.valueOf(date));
        return byNumber;
    }

    private Map<String, OpenException> openExceptionsOf(LocalDate date) {
        Map<String, OpenException> byEvent = new HashMap<>();
        jdbc.query("""
                select x.event_id, x.id, x.category, x.owner, x.reason from hub_exception x
                where x.status = 'OPEN' and x.event_id in (select event_id from canonical_event where business_date = ?)
                order by x.id""", rs -> {
            byEvent.putIfAbsent(rs.getString(1), new OpenException(rs.getLong(2), rs.getString(3), rs.getString(4),
                    rs.getString(5)));
        }, Date.valueOf(date));
        return byEvent;
    }

    private static BigDecimal zero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    // ------------------------------------------------------------------------------------------------ shapes

    record Key(String partner, String eventType, String documentId) {
    }

    private record StoredEvent(String eventId, String status, java.time.Instant receivedAt, CanonicalEvent event) {
    }

    private record OpenException(long id, String category, String owner, String reason) {
    }

    private record DocLine(int lineNo, String account, String sku, BigDecimal quantity, BigDecimal net, BigDecimal tax,
                           BigDecimal debit, BigDecimal credit) {
    }

    private record Doc(String number, String kind, String journalKind, String entity, String eventId, Key key,
                       BigDecimal net, BigDecimal tax, BigDecimal totalAmount, BigDecimal totalDebit, String status,
                       String erpReference, List<DocLine> invoiceLines, List<DocLine> journalLines) {

        /** A document that stands as posted: neither reversed nor a reversal. */
        boolean counts() {
            return !"REVERSED".equals(status) && !"REVERSAL".equals(journalKind);
        }

        BigDecimal total() {
            return totalAmount != null ? totalAmount : totalDebit;
        }
    }

    private record ErpInvoice(BigDecimal net, BigDecimal tax, BigDecimal total) {
    }

    private record ErpLine(String account, BigDecimal quantity, BigDecimal net, BigDecimal tax, BigDecimal debit,
                           BigDecimal credit) {
    }

    private static final class ErpDocument {
        ErpInvoice invoice;
        String status;
        final Map<Integer, ErpLine> invoiceLines = new TreeMap<>();
        final Map<Integer, ErpLine> journalLines = new TreeMap<>();

        BigDecimal total() {
            if (invoice != null) {
                return invoice.total;
            }
            return journalLines.values().stream().map(ErpLine::debit).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    private record Context(String entity, LocalDate date, Key key, StoredEvent event) {

        ReconciliationRow row(String side, String documentNumber, String journalKind, String sku, String account,
                              BigDecimal warehouseQuantity, BigDecimal financeQuantity, BigDecimal hubAmount,
                              BigDecimal erpAmount, String result, String detail) {
            return new ReconciliationRow(entity, date, side, key.partner, key.eventType, key.documentId,
                    event.eventId, documentNumber, journalKind, sku, account, warehouseQuantity, financeQuantity,
                    hubAmount, erpAmount, result, detail);
        }

        ReconciliationRow docRow(Doc doc, BigDecimal hubQuantity, BigDecimal erpQuantity, BigDecimal hubAmount,
                                 BigDecimal erpAmount, DifferenceKind kind, String detail) {
            return new ReconciliationRow(doc.entity, date, "DOCUMENT", key.partner, key.eventType, key.documentId,
                    doc.eventId, doc.number, doc.journalKind, null, null, hubQuantity, erpQuantity, hubAmount, erpAmount,
                    kind == null ? ReconciliationRow.OK : kind.name(), detail);
        }

        ReconciliationRow lineRow(Doc doc, String sku, String account, BigDecimal hubQuantity, BigDecimal erpQuantity,
                                  BigDecimal hubAmount, BigDecimal erpAmount, DifferenceKind kind, String detail) {
            return new ReconciliationRow(doc.entity, date, "DOCUMENT_LINE", key.partner, key.eventType, key.documentId,
                    doc.eventId, doc.number, doc.journalKind, sku, account, hubQuantity, erpQuantity, hubAmount,
                    erpAmount, kind.name(), detail);
        }
    }
}
