package io.dock2ledger.operations.preview;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * What a candidate posting-rules file would have posted for a period, against what was posted, document by document.
 *
 * @param rules              where the candidate came from (the request body, or a path under config/)
 * @param events             events of the period (business date in [from, to]) compared
 * @param changedDocuments   documents whose journal differs, plus documents the candidate adds or drops
 * @param currentRulesDrift  documents that today's rules, replayed the same way, would not post as they were posted
 *                           (master data changed since): their differences are not the candidate's doing
 * @param replayedEvents     events replayed: the period's, and those outside it replayed for the state they leave
 * @param replayedForState   the source documents of the events outside the period replayed for their state only
 *                           (earlier shipments of the same order, the receipt a landed cost is allocated over...)
 */
public record PreviewReport(
        String entity,
        LocalDate from,
        LocalDate to,
        String rules,
        int events,
        int documentsCompared,
        int changedDocuments,
        int currentRulesDrift,
        int replayedEvents,
        List<String> replayedForState,
        List<DocumentDiff> documents) {

    /** SAME, CHANGED (journal lines differ), NEW (the candidate posts a document not posted), DROPPED (posted, not any more). */
    public enum Change { SAME, CHANGED, NEW, DROPPED }

    /**
     * @param documentNumber    the posted document, or null for NEW
     * @param candidateOutcome  POSTED, or what the candidate rules say instead (WAITING, NOTHING_TO_POST, REJECTED: why)
     * @param reproducedByCurrentRules whether today's rules replayed give the posted journal (false: drift, see above)
     */
    public record DocumentDiff(
            String sourceDocument,
            String eventType,
            String eventId,
            LocalDate businessDate,
            String entity,
            String journalKind,
            String documentNumber,
            Change change,
            String candidateOutcome,
            boolean reproducedByCurrentRules,
            List<AccountDiff> lines) {
    }

    /** One account of a journal: signed amounts, debit positive. */
    public record AccountDiff(String account, BigDecimal posted, BigDecimal candidate, BigDecimal difference) {
    }
}
