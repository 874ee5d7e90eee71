package io.dock2ledger.erp.tryton;

import com.fasterxml.jackson.databind.JsonNode;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.HubException;
import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.posting.ErpUnavailableException;
import io.dock2ledger.posting.FinanceAdapter;
import io.dock2ledger.posting.documents.DocumentKind;
import io.dock2ledger.posting.documents.FinanceDocument;
import io.dock2ledger.posting.documents.InvoiceLine;
import io.dock2ledger.posting.documents.JournalLine;
import io.dock2ledger.posting.documents.StoredDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Posts the hub's finance documents into a real Tryton (docs/erp.md): an invoice as a customer invoice with its lines
 * and taxes, a credit memo as a customer credit note (the same lines, negative quantities), a journal as a posted
 * account move. Parties, products, accounts, taxes and journals are Tryton's own, found by the hub's codes
 * ({@link TrytonLookups}).
 *
 * <p>Idempotent by the hub's document number: an invoice carries it as its reference, a move as the start of its
 * description, and each delivery looks it up first; both also end their description with the document's identity
 * ({@link #identity}), which a rolled-back posting cannot give to another document (see {@link #find}). A document found in draft (a crash between create and post) is
 * posted; one found posted is only read back. Before the Tryton id is returned, what Tryton posted is read back and
 * compared with the document: the invoice total, untaxed and tax amounts, and its move account by account against the
 * hub's journal. A difference is an {@link ExceptionCategory#ERP_POSTED_MISMATCH}, never a silent success.
 *
 * <p>Tryton's refusals become {@link HubException}s with a category that has an owner (closed period and unbalanced
 * move: finance; unknown party and missing records: master data): the delivery fails with that category and owner. An
 * unreachable Tryton or a refused login is an {@link ErpUnavailableException}: the document waits in the outbox. Deliveries are serialised: Tryton
 * on SQLite takes one writer at a time, and parallel clients were no faster (shared notes).
 */
public class TrytonFinanceAdapter implements FinanceAdapter {

    private static final Logger log = LoggerFactory.getLogger(TrytonFinanceAdapter.class);

    private final TrytonSession session;
    private final TrytonLookups lookups;
    private final MasterData masterData;
    private final TrytonProperties properties;
    private final ReentrantLock oneAtATime = new ReentrantLock(true);

    public TrytonFinanceAdapter(TrytonSession session, TrytonLookups lookups, MasterData masterData,
                                TrytonProperties properties) {
        this.session = session;
        this.lookups = lookups;
        this.masterData = masterData;
        this.properties = properties;
    }

    @Override
    public String name() {
        return "tryton";
    }

    /**
     * Called by the delivery route before a resend after an attempt whose outcome is unknown: Tryton's id when it holds
     * the document posted. A draft is not reported (deliver posts it), so a crash between create and post is finished.
     */
    @Override
    public Optional<String> lookup(StoredDocument stored) {
        oneAtATime.lock();
        try {
            return session.call(tryton -> {
                long company = lookups.company(tryton, stored.document().entity());
                boolean journal = stored.document().kind() == DocumentKind.JOURNAL;
                String model = journal ? "account.move" : "account.invoice";
                Optional<JsonNode> found = journal
                        ? find(tryton, model, company, stored,
                                List.of("description", "like", stored.documentNumber() + " %"), "description")
                        : find(tryton, model, company, stored, List.of("reference", "=", stored.documentNumber()),
                                "reference");
                return found.filter(r -> List.of("posted", "paid").contains(r.path("state").asText()))
                        .map(r -> model + "," + r.get("id").asLong());
            });
        } catch (TrytonException e) {
            throw refusal(stored, e);
        } finally {
            oneAtATime.unlock();
        }
    }

    @Override
    public String deliver(StoredDocument stored) {
        oneAtATime.lock();
        try {
            return session.call(tryton -> {
                long company = lookups.company(tryton, stored.document().entity());
                TrytonClient inCompany = tryton.inContext(Map.of("company", company));
                return stored.document().kind() == DocumentKind.JOURNAL
                        ? deliverMove(inCompany, company, stored)
                        : deliverInvoice(inCompany, company, stored);
            });
        } catch (TrytonException e) {
            throw refusal(stored, e);
        } finally {
            oneAtATime.unlock();
        }
    }

    // ---- invoices and credit notes

    private String deliverInvoice(TrytonClient tryton, long company, StoredDocument stored) {
        FinanceDocument doc = stored.document();
        String description = doc.sourceDocument() + (doc.orderRef() == null ? "" : " / " + doc.orderRef()) + " "
                + identity(doc);
        Optional<JsonNode> existing = find(tryton, "account.invoice", company, stored,
                List.of("reference", "=", stored.documentNumber()), "reference");
        long id;
        if (existing.isPresent()) {
            id = existing.get().get("id").asLong();
            log.info("Tryton already holds {} as account.invoice,{} ({}, reference {}): not created again",
                    stored.documentNumber(), id, existing.get().path("state").asText(),
                    existing.get().path("reference").asText());
        } else {
            id = createInvoice(tryton, company, stored, description);
        }
        String state = existing.map(e -> e.path("state").asText()).orElse("draft");
        if (!"posted".equals(state) && !"paid".equals(state)) {
            try {
                postAcceptingWarnings(tryton, "account.invoice", id);
            } catch (TrytonException e) {
                if (!e.trytonMessage().contains("must set an accounting date after")) {
                    throw e;
                }
                postAfterTheLastNumbered(tryton, company, stored, id, e);
            }
        }
        compareInvoice(tryton, stored, id);
        return "account.invoice," + id;
    }

    /**
     * What Tryton already holds for this document: first by the hub's number (invoice reference, start of a move's
     * description), kept only if it carries this document's identity; then by the identity alone. The second look
     * matters while delivery runs inside the posting transaction: a rolled-back attempt gives its number back, and the
     * next attempt of the same document may get another one (or another document this one), but never another
     * identity. Two records with one identity are doubles someone must resolve.
     */
    private static Optional<JsonNode> find(TrytonClient tryton, String model, long company, StoredDocument stored,
                                           List<?> byNumber, String numberField) {
        String identity = identity(stored.document());
        List<String> fields = List.of("id", "state", "description", numberField);
        Optional<JsonNode> mine = tryton.searchRead(model, List.of(List.of("company", "=", company), byNumber), fields)
                .stream().filter(record -> record.path("description").asText().endsWith(identity)).findFirst();
        if (mine.isPresent()) {
            return mine;
        }
        List<JsonNode> found = tryton.searchRead(model,
                List.of(List.of("company", "=", company), List.of("description", "like", "%" + identity)), fields);
        if (found.size() > 1) {
            throw new HubException(ExceptionCategory.ERP_POSTED_MISMATCH, "Tryton holds " + found.size() + " "
                    + model + " records for " + stored.documentNumber() + " (" + identity + "): one expected");
        }
        if (found.size() == 1) {
            log.warn("Tryton holds {} under {} {}, posted by an earlier attempt that the hub rolled back",
                    stored.documentNumber(), numberField, found.get(0).path(numberField).asText());
        }
        return found.stream().findFirst();
    }

    /**
     * A document's identity that survives a rolled-back posting: its event, journal kind and accounts (not its
     * amounts, so a number found with other amounts is a mismatch, not another document). Written at the end of the
     * Tryton record's description as {@code [d2l:<12 hex>]}.
     */
    static String identity(FinanceDocument doc) {
        StringBuilder key = new StringBuilder(doc.eventId()).append('|').append(doc.journalKind()).append('|')
                .append(doc.entity()).append('|').append(doc.sourceDocument());
        doc.journalLines().forEach(line -> key.append('|').append(line.account()).append(':').append(line.sku()));
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(key.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "[d2l:" + java.util.HexFormat.of().formatHex(digest, 0, 6) + "]";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private long createInvoice(TrytonClient tryton, long company, StoredDocument stored, String description) {
        FinanceDocument doc = stored.document();
        boolean credit = doc.kind() == DocumentKind.CREDIT_MEMO;
        TrytonLookups.Party party = lookups.party(tryton, requireCounterparty(doc));
        String region = masterData.customer(doc.counterparty()).map(c -> c.taxRegion())
                .orElseThrow(() -> new HubException(ExceptionCategory.ERP_UNKNOWN_PARTY,
                        "the hub's master data lost customer " + doc.counterparty() + " of " + stored.documentNumber()));
        // The receivable side of the hub's journal: debit for an invoice, credit for a credit memo; the revenue (or
        // returns) side carries one line per SKU.
        String receivable = receivableAccount(stored);
        List<Map<String, Object>> lines = new ArrayList<>();
        for (InvoiceLine line : doc.invoiceLines()) {
            TrytonLookups.Product product = lookups.product(tryton, line.sku());
            String taxCode = masterData.item(line.sku()).map(i -> i.taxCode())
                    .orElseThrow(() -> new HubException(ExceptionCategory.ERP_MISSING_MASTER_DATA,
                            "the hub's master data lost item " + line.sku()));
            TrytonLookups.Tax tax = lookups.tax(tryton, company, region + " " + taxCode);
            if (line.taxRate() != null && tax.rate().compareTo(line.taxRate()) != 0) {
                throw new HubException(ExceptionCategory.ERP_MISSING_MASTER_DATA, "Tryton's tax " + tax.name()
                        + " is " + tax.rate().toPlainString() + ", the hub taxed " + line.sku() + " of "
                        + stored.documentNumber() + " at " + line.taxRate().toPlainString());
            }
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("type", "line");
            values.put("product", product.id());
            values.put("unit", product.unit());
            values.put("description", line.sku());
            values.put("account", lookups.account(tryton, company, revenueAccount(stored, line.sku(), credit)).id());
            values.put("quantity", quantity(credit ? line.quantity().negate() : line.quantity()));
            values.put("unit_price", line.unitPrice());
            values.put("taxes", List.of(List.of("add", List.of(tax.id()))));
            lines.add(values);
        }
        Map<String, Object> invoice = new LinkedHashMap<>();
        invoice.put("type", "out");
        invoice.put("company", company);
        invoice.put("currency", lookups.currency(tryton, doc.currency()));
        invoice.put("party", party.id());
        invoice.put("invoice_address", party.invoiceAddress());
        invoice.put("account", lookups.account(tryton, company, receivable).id());
        invoice.put("journal", lookups.journal(tryton, properties.invoiceJournal()));
        invoice.put("payment_term", lookups.paymentTerm(tryton, properties.paymentTerm()));
        invoice.put("invoice_date", doc.postingDate());
        invoice.put("accounting_date", doc.postingDate());
        invoice.put("reference", stored.documentNumber());
        invoice.put("description", description);
        invoice.put("lines", List.of(List.of("create", lines)));
        long id = tryton.create("account.invoice", List.of(invoice)).get(0);
        log.info("Tryton account.invoice,{} created for {} ({} {})", id, stored.documentNumber(), doc.kind(),
                doc.sourceDocument());
        return id;
    }

    private void compareInvoice(TrytonClient tryton, StoredDocument stored, long id) {
        FinanceDocument doc = stored.document();
        JsonNode invoice = tryton.searchRead("account.invoice", List.of(List.of("id", "=", id)),
                List.of("state", "number", "untaxed_amount", "tax_amount", "total_amount", "move")).get(0);
        List<String> differences = new ArrayList<>();
        if (!"posted".equals(invoice.path("state").asText()) && !"paid".equals(invoice.path("state").asText())) {
            differences.add("state " + invoice.path("state").asText() + ", not posted");
        }
        BigDecimal sign = doc.kind() == DocumentKind.CREDIT_MEMO ? BigDecimal.ONE.negate() : BigDecimal.ONE;
        compare(differences, "total", TrytonJson.decimal(invoice.get("total_amount")), doc.total().multiply(sign));
        compare(differences, "untaxed amount", TrytonJson.decimal(invoice.get("untaxed_amount")), doc.net().multiply(sign));
        compare(differences, "tax", TrytonJson.decimal(invoice.get("tax_amount")), doc.tax().multiply(sign));
        if (invoice.path("move").isNull() || invoice.path("move").isMissingNode()) {
            differences.add("no move");
        } else {
            compareLines(differences, tryton, invoice.get("move").asLong(), doc);
        }
        requireNoDifferences(stored, "account.invoice," + id + " (" + invoice.path("number").asText() + ")",
                differences);
    }

    /**
     * Tryton numbers customer invoices in date order per sequence and refuses one dated before the last numbered: a
     * shipment confirmed late. Within the same month the invoice keeps its invoice date and takes the last numbered
     * accounting date (its move lands in the same period, as the hub's journal); across a month it is refused
     * for finance to decide (ERP_REJECTED with Tryton's message).
     */
    private void postAfterTheLastNumbered(TrytonClient tryton, long company, StoredDocument stored, long id,
                                          TrytonException refusal) {
        LocalDate date = stored.document().postingDate();
        LocalDate latest = date;
        for (JsonNode invoice : tryton.searchRead("account.invoice", List.of(List.of("company", "=", company),
                List.of("type", "=", "out"), java.util.Arrays.asList("number", "!=", null),
                List.of("state", "in", List.of("posted", "paid"))),
                List.of("accounting_date", "invoice_date", "total_amount"))) {
            boolean creditNote = TrytonJson.decimal(invoice.get("total_amount")).signum() < 0;
            if (creditNote != (stored.document().kind() == DocumentKind.CREDIT_MEMO)) {
                continue; // credit notes are numbered in a sequence of their own (init_dock2ledger.py)
            }
            LocalDate numbered = invoice.path("accounting_date").isNull()
                    ? TrytonJson.date(invoice.get("invoice_date")) : TrytonJson.date(invoice.get("accounting_date"));
            if (numbered != null && numbered.isAfter(latest) && YearMonth.from(numbered).equals(YearMonth.from(date))) {
                latest = numbered;
            }
        }
        if (latest.equals(date)) {
            throw refusal;
        }
        log.warn("Tryton numbers invoices in date order: {} ({}) takes the accounting date {} of the last numbered "
                + "invoice, its invoice date stays {}", stored.documentNumber(), stored.document().sourceDocument(),
                latest, date);
        tryton.call("model.account.invoice.write", List.of(id), Map.of("accounting_date", latest));
        postAcceptingWarnings(tryton, "account.invoice", id);
    }

    // ---- journals

    private String deliverMove(TrytonClient tryton, long company, StoredDocument stored) {
        FinanceDocument doc = stored.document();
        String description = stored.documentNumber() + " " + doc.journalKind() + " " + doc.sourceDocument() + " "
                + identity(doc);
        Optional<JsonNode> found = find(tryton, "account.move", company, stored,
                List.of("description", "like", stored.documentNumber() + " %"), "description");
        long id;
        String state;
        if (found.isEmpty()) {
            id = createMove(tryton, company, stored, description);
            state = "draft";
        } else {
            id = found.get().get("id").asLong();
            state = found.get().path("state").asText();
            log.info("Tryton already holds {} as account.move,{} ({}): not created again", stored.documentNumber(), id,
                    state);
        }
        if (!"posted".equals(state)) {
            postAcceptingWarnings(tryton, "account.move", id);
        }
        List<String> differences = new ArrayList<>();
        JsonNode move = tryton.searchRead("account.move", List.of(List.of("id", "=", id)), List.of("state", "number"))
                .get(0);
        if (!"posted".equals(move.path("state").asText())) {
            differences.add("state " + move.path("state").asText() + ", not posted");
        }
        compareLines(differences, tryton, id, doc);
        requireNoDifferences(stored, "account.move," + id + " (" + move.path("number").asText() + ")", differences);
        return "account.move," + id;
    }

    private long createMove(TrytonClient tryton, long company, StoredDocument stored, String description) {
        FinanceDocument doc = stored.document();
        List<JsonNode> periods = tryton.searchRead("account.period", List.of(List.of("company", "=", company),
                List.of("start_date", "<=", doc.postingDate()), List.of("end_date", ">=", doc.postingDate()),
                List.of("type", "=", "standard")), List.of("id"));
        if (periods.isEmpty()) {
            throw new HubException(ExceptionCategory.ERP_CLOSED_PERIOD, "Tryton has no period for "
                    + doc.postingDate() + " in " + doc.entity() + ": finance must create its fiscal year");
        }
        List<Map<String, Object>> lines = new ArrayList<>();
        for (JournalLine line : doc.journalLines()) {
            TrytonLookups.Account account = lookups.account(tryton, company, line.account());
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("account", account.id());
            values.put("debit", line.debit());
            values.put("credit", line.credit());
            if (line.memo() != null) {
                values.put("description", line.memo());
            }
            if (account.partyRequired()) {
                values.put("party", lookups.party(tryton, requireCounterparty(doc)).id());
            }
            lines.add(values);
        }
        Map<String, Object> move = new LinkedHashMap<>();
        move.put("company", company);
        move.put("journal", lookups.journal(tryton, properties.moveJournal()));
        move.put("period", periods.get(0).get("id").asLong());
        move.put("date", doc.postingDate());
        move.put("description", description);
        move.put("lines", List.of(List.of("create", lines)));
        long id = tryton.create("account.move", List.of(move)).get(0);
        log.info("Tryton account.move,{} created for {} ({} {})", id, stored.documentNumber(), doc.journalKind(),
                doc.sourceDocument());
        return id;
    }

    // ---- shared

    /** Posts, confirming the UserWarnings the configuration accepts (a back-dated invoice's payment date). */
    private void postAcceptingWarnings(TrytonClient tryton, String model, long id) {
        for (int attempt = 1; ; attempt++) {
            try {
                tryton.button(model, "post", List.of(id));
                return;
            } catch (TrytonException e) {
                boolean accepted = e.category() == TrytonErrorCategory.WARNING && e.warningName() != null
                        && properties.acceptedWarnings().stream().anyMatch(e.warningName()::startsWith);
                if (!accepted || attempt > 3) {
                    throw e;
                }
                log.info("Tryton warning on {},{} accepted: {}", model, id, e.trytonMessage());
                tryton.acceptWarning(e.warningName());
            }
        }
    }

    /** Tryton's move, summed by account code (debit positive), against the hub's journal. */
    private static void compareLines(List<String> differences, TrytonClient tryton, long move, FinanceDocument doc) {
        Map<String, BigDecimal> posted = new TreeMap<>();
        for (JsonNode line : tryton.searchRead("account.move.line", List.of(List.of("move", "=", move)),
                List.of("account.code", "debit", "credit"))) {
            posted.merge(line.path("account.").path("code").asText(),
                    TrytonJson.decimal(line.get("debit")).subtract(TrytonJson.decimal(line.get("credit"))),
                    BigDecimal::add);
        }
        Map<String, BigDecimal> hub = new TreeMap<>();
        doc.journalLines().forEach(line -> hub.merge(line.account(), line.signedAmount(), BigDecimal::add));
        if (!sameAmounts(posted, hub)) {
            differences.add("move lines " + plain(posted) + ", the hub's journal " + plain(hub));
        }
    }

    private static boolean sameAmounts(Map<String, BigDecimal> a, Map<String, BigDecimal> b) {
        return a.keySet().equals(b.keySet())
                && a.entrySet().stream().allMatch(e -> e.getValue().compareTo(b.get(e.getKey())) == 0);
    }

    private static String plain(Map<String, BigDecimal> amounts) {
        Map<String, String> text = new TreeMap<>();
        amounts.forEach((account, amount) -> text.put(account, amount.toPlainString()));
        return text.toString();
    }

    private static void compare(List<String> differences, String what, BigDecimal posted, BigDecimal expected) {
        if (posted == null || posted.compareTo(expected) != 0) {
            differences.add(what + " " + (posted == null ? "missing" : posted.toPlainString()) + ", the hub's "
                    + expected.toPlainString());
        }
    }

    private static void requireNoDifferences(StoredDocument stored, String record, List<String> differences) {
        if (!differences.isEmpty()) {
            throw new HubException(ExceptionCategory.ERP_POSTED_MISMATCH, "Tryton's " + record + " for "
                    + stored.documentNumber() + " (" + stored.document().sourceDocument() + ") differs from the hub's "
                    + "document: " + String.join("; ", differences));
        }
    }

    private static String requireCounterparty(FinanceDocument doc) {
        if (doc.counterparty() == null) {
            throw new HubException(ExceptionCategory.ERP_UNKNOWN_PARTY, "the " + doc.journalKind() + " of "
                    + doc.sourceDocument() + " names no customer or supplier, and Tryton needs a party for it");
        }
        return doc.counterparty();
    }

    private static String receivableAccount(StoredDocument stored) {
        FinanceDocument doc = stored.document();
        boolean credit = doc.kind() == DocumentKind.CREDIT_MEMO;
        return doc.journalLines().stream()
                .filter(line -> line.sku() == null)
                .filter(line -> (credit ? line.credit() : line.debit()).compareTo(doc.total()) == 0)
                .map(JournalLine::account)
                .findFirst()
                .orElseThrow(() -> new HubException(ExceptionCategory.ERP_REJECTED, "the journal of "
                        + stored.documentNumber() + " has no receivable line of " + doc.total().toPlainString()));
    }

    private static String revenueAccount(StoredDocument stored, String sku, boolean credit) {
        return stored.document().journalLines().stream()
                .filter(line -> sku.equals(line.sku()))
                .filter(line -> (credit ? line.debit() : line.credit()).signum() > 0)
                .map(JournalLine::account)
                .findFirst()
                .orElseThrow(() -> new HubException(ExceptionCategory.ERP_REJECTED, "the journal of "
                        + stored.documentNumber() + " has no revenue line for " + sku));
    }

    /** Tryton's quantity is a Float field: a JSON number, whole where it is whole. */
    private static Number quantity(BigDecimal quantity) {
        BigDecimal stripped = quantity.stripTrailingZeros();
        return stripped.scale() <= 0 ? (Number) stripped.longValueExact() : (Number) stripped.doubleValue();
    }

    /** A refusal becomes the category its owner works from; an unreachable Tryton stays technical (retried). */
    private static RuntimeException refusal(StoredDocument stored, TrytonException e) {
        ExceptionCategory category = switch (e.category()) {
            case CLOSED_PERIOD -> ExceptionCategory.ERP_CLOSED_PERIOD;
            case UNBALANCED_MOVE -> ExceptionCategory.ERP_UNBALANCED_MOVE;
            case UNKNOWN_PARTY -> ExceptionCategory.ERP_UNKNOWN_PARTY;
            case WARNING, OTHER -> ExceptionCategory.ERP_REJECTED;
            case AUTHENTICATION, UNAVAILABLE -> null;
        };
        if (category == null) {
            // Down, timed out, or the login refused: the document waits in the outbox and is tried again. A call that
            // did not answer may have been committed by Tryton: the next attempt looks it up first.
            return new ErpUnavailableException("Tryton: " + e.getMessage(), null,
                    e.category() == TrytonErrorCategory.UNAVAILABLE, e);
        }
        return new HubException(category, "Tryton refused " + stored.documentNumber() + " ("
                + stored.document().journalKind() + " " + stored.document().sourceDocument() + ") at " + e.method()
                + ": " + e.trytonMessage(), e);
    }
}
