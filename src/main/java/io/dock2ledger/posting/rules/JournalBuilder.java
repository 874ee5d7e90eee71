package io.dock2ledger.posting.rules;

import io.dock2ledger.posting.documents.JournalLine;
import io.dock2ledger.posting.documents.Money;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects journal lines from signed amounts (debit positive, credit negative), so a rule never has to decide
 * by hand which column a negative amount goes to. Zero amounts are dropped: a journal line is never empty.
 */
final class JournalBuilder {

    private final List<JournalLine> lines = new ArrayList<>();

    JournalBuilder debit(String account, BigDecimal amount, String sku, String memo) {
        return signed(account, amount, sku, memo);
    }

    JournalBuilder credit(String account, BigDecimal amount, String sku, String memo) {
        return signed(account, amount.negate(), sku, memo);
    }

    JournalBuilder signed(String account, BigDecimal signedAmount, String sku, String memo) {
        BigDecimal amount = Money.round(signedAmount);
        if (amount.signum() == 0) {
            return this;
        }
        BigDecimal debit = amount.signum() > 0 ? amount : Money.zero();
        BigDecimal credit = amount.signum() < 0 ? amount.negate() : Money.zero();
        lines.add(new JournalLine(lines.size() + 1, account, debit, credit, sku, memo));
        return this;
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    List<JournalLine> lines() {
        return List.copyOf(lines);
    }
}
