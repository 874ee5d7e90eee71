package io.dock2ledger.posting.rules;

import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.posting.documents.FinanceDocument;
import io.dock2ledger.posting.documents.JournalLine;
import io.dock2ledger.posting.documents.Money;

import java.util.List;
import java.util.Optional;

/** The last gate before Posted: a journal that does not balance to the cent is never sent, it is an exception. */
public final class JournalBalanceCheck {

    public Optional<PostingOutcome.Rejected> verify(List<FinanceDocument> documents) {
        for (FinanceDocument document : documents) {
            if (document.journalLines().isEmpty()) {
                return Optional.of(new PostingOutcome.Rejected(ExceptionCategory.UNBALANCED_JOURNAL,
                        "The " + document.journalKind() + " journal for " + document.sourceDocument()
                                + " has no lines"));
            }
            boolean wellFormed = document.journalLines().stream().allMatch(JournalBalanceCheck::oneSidedNonNegative);
            if (!wellFormed || !document.isBalanced()) {
                return Optional.of(new PostingOutcome.Rejected(ExceptionCategory.UNBALANCED_JOURNAL,
                        "The " + document.journalKind() + " journal for " + document.sourceDocument()
                                + " would not balance: debits " + Money.amount(document.totalDebit())
                                + ", credits " + Money.amount(document.totalCredit())
                                + (wellFormed ? "" : " (a line has both or neither of debit and credit, or a negative amount)")
                                + "; nothing was posted"));
            }
        }
        return Optional.empty();
    }

    private static boolean oneSidedNonNegative(JournalLine line) {
        return line.debit().signum() >= 0 && line.credit().signum() >= 0
                && (line.debit().signum() == 0) != (line.credit().signum() == 0);
    }
}
