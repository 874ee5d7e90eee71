package io.dock2ledger.posting.rules;

import io.dock2ledger.posting.documents.DocumentKind;
import io.dock2ledger.posting.documents.FinanceDocument;
import io.dock2ledger.posting.documents.JournalLine;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * Corrections never edit a posted document: they post its mirror image. A reversal is a plain journal that swaps
 * every debit and credit of the original, on the date the caller chooses (normally today, in an open period).
 */
public final class ReversingEntries {

    private static final int MEMO_LENGTH = 255;

    private ReversingEntries() {
    }

    public static FinanceDocument reverse(FinanceDocument original, String reason, LocalDate date) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("A reversal needs a reason");
        }
        List<JournalLine> lines = original.journalLines().stream()
                .map(line -> new JournalLine(line.lineNo(), line.account(), line.credit(), line.debit(), line.sku(),
                        memo(original, reason)))
                .toList();
        return new FinanceDocument(DocumentKind.JOURNAL, "REVERSAL", original.entity(), original.currency(), date,
                YearMonth.from(date).toString(), false, original.eventId(), original.sourcePartner(),
                original.sourceEventType(), original.sourceDocument(), original.counterparty(), original.orderRef(),
                null, null, null, List.of(), lines);
    }

    private static String memo(FinanceDocument original, String reason) {
        String memo = "reverses " + original.journalKind() + " " + original.sourceDocument() + " of "
                + original.postingDate() + ": " + reason;
        return memo.length() <= MEMO_LENGTH ? memo : memo.substring(0, MEMO_LENGTH);
    }
}
