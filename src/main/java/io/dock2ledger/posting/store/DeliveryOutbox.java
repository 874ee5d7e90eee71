package io.dock2ledger.posting.store;

import io.dock2ledger.audit.BatchedWrites;
import io.dock2ledger.posting.documents.FinanceDocument;
import io.dock2ledger.posting.documents.StoredDocument;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The delivery outbox (table {@code erp_delivery}, docs/erp.md): one row per finance document, written in the
 * posting transaction, then claimed and delivered to the ERP outside it. Rows are claimed one by one with a
 * conditional update, so two hub instances never deliver the same document at once; a claim that expires (a crash
 * mid-call) is taken over, and the document is looked up in the ERP before it is sent again.
 */
public class DeliveryOutbox {

    /** Where a document stands with its ERP. */
    public enum Status { AWAITING_APPROVAL, PENDING, DELIVERED, CONFIRMED, FAILED, REJECTED }

    public record Delivery(long documentId, String documentNumber, String entity, String kind, String target,
                           Status status, int attempts, Instant nextAttemptAt, boolean outcomeUnknown,
                           String erpDocumentId, String reason, String holdReason, Instant updatedAt) {
    }

    public record LogEntry(Instant at, String status, String actor, String detail) {
    }

    /** Documents not yet with their ERP, per target and status. */
    public record Backlog(String target, Status status, int documents, Instant oldest) {
    }

    private static final String COLUMNS = """
            document_id, document_number, entity, kind, target, status, attempts, next_attempt_at, outcome_unknown,
            erp_document_id, reason, hold_reason, updated_at""";

    private static final RowMapper<Delivery> ROW = (rs, n) -> new Delivery(rs.getLong(1), rs.getString(2),
            rs.getString(3), rs.getString(4), rs.getString(5), Status.valueOf(rs.getString(6)), rs.getInt(7),
            rs.getTimestamp(8).toInstant(), rs.getBoolean(9), rs.getString(10), rs.getString(11), rs.getString(12),
            rs.getTimestamp(13).toInstant());

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public DeliveryOutbox(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Records the document's delivery in the caller's (posting) transaction.
     *
     * @param erpDocumentId the ERP's reference when it was delivered at once (interface tables), else null
     * @param holdReason    why an approval rule holds it (status AWAITING_APPROVAL), else null
     */
    public void add(StoredDocument stored, String target, Status status, String erpDocumentId, String holdReason) {
        FinanceDocument doc = stored.document();
        Timestamp now = Timestamp.from(clock.instant());
        // Nothing reads a delivery before its posting commits (the delivery route, the API and the pages run after):
        // in a posting batch, written with the batch's others just before it commits (BatchedWrites).
        BatchedWrites.insert(jdbc, """
                insert into erp_delivery (document_id, document_number, entity, kind, target, sequence_key, status,
                    attempts, next_attempt_at, outcome_unknown, erp_document_id, hold_reason, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, false, ?, ?, ?, ?)""",
                stored.id(), stored.documentNumber(), doc.entity(), doc.kind().name(), target, sequenceKey(doc),
                status.name(), erpDocumentId == null ? 0 : 1, now, erpDocumentId, bounded(holdReason, 1000), now, now);
        if (status == Status.CONFIRMED || status == Status.DELIVERED) {
            // Delivered at once (the interface tables): the delivery row says all there is to say, and nothing
            // changes it later, so no log row (two fewer rows a shipment); history() tells it from the row.
            return;
        }
        log(stored.id(), status.name(), "hub", status == Status.AWAITING_APPROVAL ? holdReason : "to " + target);
    }

    /** Documents of one order (or RMA, PO, transfer) are delivered in posting order; others stand alone. */
    static String sequenceKey(FinanceDocument doc) {
        return doc.entity() + ":" + (doc.orderRef() != null ? doc.orderRef() : doc.sourceDocument());
    }

    /**
     * Pending documents due now, oldest first, at most one per sequence key (the oldest pending one: a later
     * document of the same order waits for the earlier), for the given targets only.
     */
    public List<Delivery> due(Collection<String> targets, int limit) {
        if (targets.isEmpty()) {
            return List.of();
        }
        Timestamp now = Timestamp.from(clock.instant());
        String in = targets.stream().map(t -> "?").collect(Collectors.joining(","));
        Object[] args = new Object[targets.size() + 3];
        args[0] = now;
        args[1] = now;
        int i = 2;
        for (String target : targets) {
            args[i++] = target;
        }
        args[i] = limit;
        return jdbc.query("select " + COLUMNS + " from erp_delivery d"
                + " where d.status = 'PENDING' and d.next_attempt_at <= ?"
                + " and (d.claimed_until is null or d.claimed_until < ?)"
                + " and d.target in (" + in + ")"
                + " and not exists (select 1 from erp_delivery e where e.sequence_key = d.sequence_key"
                + " and e.status = 'PENDING' and e.document_id < d.document_id)"
                + " order by d.document_id limit ?", ROW, args);
    }

    /**
     * Claims a due row for this instance until {@code until}. A row whose earlier claim expired unanswered (the
     * instance died mid-call) comes back with {@code outcomeUnknown} set: look it up in the ERP first.
     */
    public Optional<Delivery> claim(long documentId, String instance, Instant until) {
        Timestamp now = Timestamp.from(clock.instant());
        int claimed = jdbc.update("""
                update erp_delivery set claimed_by = ?, claimed_until = ?,
                    outcome_unknown = case when claimed_by is null then outcome_unknown else true end
                where document_id = ? and status = 'PENDING' and (claimed_until is null or claimed_until < ?)""",
                instance, Timestamp.from(until), documentId, now);
        return claimed == 1 ? byId(documentId) : Optional.empty();
    }

    /** The ERP has the document: CONFIRMED with its own id, or DELIVERED (handed over for a batch import). */
    public void delivered(long documentId, Status status, String erpDocumentId, String target) {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update("""
                update erp_delivery set status = ?, erp_document_id = ?, attempts = attempts + 1, reason = null,
                    claimed_by = null, claimed_until = null, outcome_unknown = false, updated_at = ?
                where document_id = ?""", status.name(), erpDocumentId, now, documentId);
        jdbc.update("update finance_document set erp_reference = ? where id = ?", erpDocumentId, documentId);
        log(documentId, status.name(), "hub", target + ": " + erpDocumentId);
    }

    /** The ERP could not take it now: it stays PENDING until {@code next}. */
    public void retryLater(long documentId, Instant next, String reason, boolean outcomeUnknown) {
        jdbc.update("""
                update erp_delivery set attempts = attempts + 1, next_attempt_at = ?, reason = ?, outcome_unknown = ?,
                    claimed_by = null, claimed_until = null, updated_at = ?
                where document_id = ?""", Timestamp.from(next), bounded(reason, 4000), outcomeUnknown,
                Timestamp.from(clock.instant()), documentId);
    }

    /** Releases a claim without an attempt (the target was paused before the call was made). */
    public void release(long documentId, Instant next) {
        jdbc.update("""
                update erp_delivery set next_attempt_at = ?, claimed_by = null, claimed_until = null
                where document_id = ?""", Timestamp.from(next), documentId);
    }

    public void failed(long documentId, String reason) {
        jdbc.update("""
                update erp_delivery set status = 'FAILED', attempts = attempts + 1, reason = ?, claimed_by = null,
                    claimed_until = null, updated_at = ?
                where document_id = ?""", bounded(reason, 4000), Timestamp.from(clock.instant()), documentId);
        log(documentId, Status.FAILED.name(), "hub", reason);
    }

    /** An approver releases a held document for delivery; false if it was not awaiting approval. */
    public boolean approve(long documentId, String approver, String note) {
        Timestamp now = Timestamp.from(clock.instant());
        if (jdbc.update("""
                update erp_delivery set status = 'PENDING', next_attempt_at = ?, updated_at = ?
                where document_id = ? and status = 'AWAITING_APPROVAL'""", now, now, documentId) != 1) {
            return false;
        }
        log(documentId, "APPROVED", approver, note);
        return true;
    }

    /** An approver refuses a held document: it is never delivered; false if it was not awaiting approval. */
    public boolean reject(long documentId, String approver, String reason) {
        Timestamp now = Timestamp.from(clock.instant());
        if (jdbc.update("""
                update erp_delivery set status = 'REJECTED', reason = ?, updated_at = ?
                where document_id = ? and status = 'AWAITING_APPROVAL'""", bounded(reason, 4000), now, documentId) != 1) {
            return false;
        }
        log(documentId, Status.REJECTED.name(), approver, reason);
        return true;
    }

    public Optional<Delivery> byId(long documentId) {
        return jdbc.query("select " + COLUMNS + " from erp_delivery where document_id = ?", ROW, documentId)
                .stream().findFirst();
    }

    public Map<Long, Delivery> byDocumentIds(Collection<Long> documentIds) {
        if (documentIds.isEmpty()) {
            return Map.of();
        }
        String in = documentIds.stream().map(id -> "?").collect(Collectors.joining(","));
        Map<Long, Delivery> found = new LinkedHashMap<>();
        jdbc.query("select " + COLUMNS + " from erp_delivery where document_id in (" + in + ")", ROW,
                documentIds.toArray()).forEach(d -> found.put(d.documentId(), d));
        return found;
    }

    /** Documents in one delivery status, oldest first (the workbench's approvals page lists AWAITING_APPROVAL). */
    public List<Delivery> inStatus(Status status, int limit) {
        return jdbc.query("select " + COLUMNS + " from erp_delivery where status = ? order by created_at, document_id limit ?",
                ROW, status.name(), limit);
    }

    /**
     * Every change of the document's delivery, oldest first. A delivery that was complete when its document was posted
     * (CONFIRMED or DELIVERED at once, by an adapter writing into the hub's database) has no log rows: its one entry is
     * told from the delivery row itself.
     */
    public List<LogEntry> history(long documentId) {
        List<LogEntry> logged = jdbc.query(
                "select at, status, actor, detail from erp_delivery_log where document_id = ? order by id",
                (rs, n) -> new LogEntry(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3),
                        rs.getString(4)), documentId);
        if (!logged.isEmpty()) {
            return logged;
        }
        return jdbc.query("""
                select created_at, status, target, erp_document_id from erp_delivery
                where document_id = ? and status in ('CONFIRMED', 'DELIVERED')""",
                (rs, n) -> new LogEntry(rs.getTimestamp(1).toInstant(), rs.getString(2), "hub",
                        rs.getString(3) + ": " + rs.getString(4)), documentId);
    }

    /** Documents still to deliver (PENDING) or held (AWAITING_APPROVAL), per target. */
    public List<Backlog> backlog() {
        return jdbc.query("""
                select target, status, count(*), min(created_at) from erp_delivery
                where status in ('PENDING', 'AWAITING_APPROVAL') group by target, status order by target, status""",
                (rs, n) -> new Backlog(rs.getString(1), Status.valueOf(rs.getString(2)), rs.getInt(3),
                        rs.getTimestamp(4).toInstant()));
    }

    private void log(long documentId, String status, String actor, String detail) {
        BatchedWrites.insert(jdbc,
                "insert into erp_delivery_log (document_id, at, status, actor, detail) values (?, ?, ?, ?, ?)",
                documentId, Timestamp.from(clock.instant()), status, actor, bounded(detail, 4000));
    }

    private static String bounded(String value, int width) {
        return value == null || value.length() <= width ? value : value.substring(0, width - 1) + "…";
    }
}
