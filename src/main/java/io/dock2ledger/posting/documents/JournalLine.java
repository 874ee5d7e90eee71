package io.dock2ledger.posting.documents;

import java.math.BigDecimal;

/**
 * One journal line. Exactly one of debit and credit is non-zero; both are non-negative, 2 decimal places.
 *
 * @param sku  the item the line concerns, where it does (COGS, landed-cost allocation), else null
 * @param memo a short human explanation ("freight FRT-6001 allocated by weight")
 */
public record JournalLine(int lineNo, String account, BigDecimal debit, BigDecimal credit, String sku, String memo) {

    /** Debit positive, credit negative: the convention of expected.json. */
    public BigDecimal signedAmount() {
        return debit.subtract(credit);
    }
}
