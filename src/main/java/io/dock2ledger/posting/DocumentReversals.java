package io.dock2ledger.posting;

import io.dock2ledger.audit.AuditTrail;
import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.posting.documents.FinanceDocument;
import io.dock2ledger.posting.documents.StoredDocument;
import io.dock2ledger.posting.rules.PeriodPolicy;
import io.dock2ledger.posting.rules.ReversingEntries;
import io.dock2ledger.posting.rules.RuleBook;
import io.dock2ledger.posting.store.FinanceDocumentStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * An operator reverses a posted document: the hub posts its mirror-image journal (REVERSAL) on today's date, or the
 * first day of the next open period if today's is closed, delivers it through the finance adapter, marks the
 * original REVERSED and records who and why. A posted document is never edited or deleted.
 * <p>
 * The idempotency ledger keeps the original's key: a corrected resend of the same document is still a
 * POSSIBLE_CORRECTION for finance to decide, never an automatic second posting.
 */
public class DocumentReversals {

    /** Why a reversal was refused, in words for the operator. */
    public static class RefusedException extends RuntimeException {
        public RefusedException(String reason) {
            super(reason);
        }
    }

    private final JdbcTemplate jdbc;
    private final FinanceDocumentStore documents;
    private final FinanceAdapter adapter;
    private final PeriodPolicy periods;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final Clock clock;

    public DocumentReversals(JdbcTemplate jdbc, FinanceDocumentStore documents, FinanceAdapter adapter,
                             MasterData masterData, RuleBook rules, AuditTrail audit, TransactionTemplate tx,
                             Clock clock) {
        this.jdbc = jdbc;
        this.documents = documents;
        this.adapter = adapter;
        this.periods = new PeriodPolicy(masterData, rules.periodPolicy());
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    public StoredDocument reverse(String documentNumber, String reason, String operator) {
        if (reason == null || reason.isBlank()) {
            throw new RefusedException("A reversal needs a reason");
        }
        return tx.execute(status -> {
            StoredDocument original = documents.byNumber(documentNumber)
                    .orElseThrow(() -> new RefusedException("No document " + documentNumber));
            if ("REVERSAL".equals(original.document().journalKind())) {
                throw new RefusedException(documentNumber + " is itself a reversal; post a new document instead");
            }
            if (!documents.markReversed(original.id())) {
                throw new RefusedException(documentNumber + " is already reversed");
            }
            LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
            PeriodPolicy.Decision decision = periods.decide(original.document().entity(), today);
            if (!(decision instanceof PeriodPolicy.PostOn postOn)) {
                throw new RefusedException("Cannot reverse " + documentNumber + " today: "
                        + ((PeriodPolicy.Hold) decision).reason());
            }
            FinanceDocument mirror = ReversingEntries.reverse(original.document(), reason, postOn.date());
            FinanceDocument dated = new FinanceDocument(mirror.kind(), mirror.journalKind(), mirror.entity(),
                    mirror.currency(), postOn.date(), postOn.period(), postOn.periodAdjusted(), mirror.eventId(),
                    mirror.sourcePartner(), mirror.sourceEventType(), mirror.sourceDocument(), mirror.counterparty(),
                    mirror.orderRef(), null, null, null, List.of(), mirror.journalLines());
            StoredDocument reversal = documents.save(dated, adapter::deliver);
            jdbc.update("""
                    insert into document_reversal (original_number, reversal_number, reversed_by, reason, reversed_at)
                    values (?, ?, ?, ?, ?)""", documentNumber, reversal.documentNumber(), operator, reason,
                    Timestamp.from(clock.instant()));
            audit.record(original.document().eventId(), AuditTrail.Stage.REVERSED,
                    documentNumber + " reversed by " + reversal.documentNumber() + " (" + operator + "): " + reason);
            return documents.byNumber(reversal.documentNumber()).orElseThrow();
        });
    }

}
