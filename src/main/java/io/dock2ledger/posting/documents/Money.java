package io.dock2ledger.posting.documents;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Money arithmetic of the accounting contract: amounts are 2-place decimals, rounded half-up once per line. */
public final class Money {

    public static final int SCALE = 2;
    /** Enough precision for intermediate unit prices (4.95 / 12) that a line amount rounds exactly once. */
    public static final MathContext INTERMEDIATE = MathContext.DECIMAL128;

    private Money() {
    }

    public static BigDecimal round(BigDecimal amount) {
        return amount.setScale(SCALE, RoundingMode.HALF_UP);
    }

    /** Line amount = quantity x unit price, rounded half-up to 2 places. */
    public static BigDecimal lineAmount(BigDecimal quantity, BigDecimal unitPrice) {
        return round(quantity.multiply(unitPrice));
    }

    /** quantity x price / per, rounded once at the end so a per-case price divided into units loses no cent. */
    public static BigDecimal lineAmount(BigDecimal quantity, BigDecimal price, BigDecimal per) {
        return round(quantity.multiply(price).divide(per, INTERMEDIATE));
    }

    /** Tax on a line amount at a rate (0.08), rounded half-up to 2 places. */
    public static BigDecimal tax(BigDecimal net, BigDecimal rate) {
        return round(net.multiply(rate));
    }

    public static BigDecimal zero() {
        return BigDecimal.ZERO.setScale(SCALE);
    }

    /** Plain text for reasons and memos: "48", "2.4", never "4.8E+1". */
    public static String plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    /** Amounts in reasons and memos always show cents: "443.02", "75.00". */
    public static String amount(BigDecimal value) {
        return round(value).toPlainString();
    }
}
