package io.dock2ledger.posting.rules;

import io.dock2ledger.posting.documents.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Spreads a charge over basis lines in proportion to their basis. Each share is rounded half-up to 2 places;
 * the rounding remainder goes to the line with the largest basis (the first such line on a tie), so the shares
 * always sum exactly to the charge.
 */
public final class LandedCostAllocator {

    private LandedCostAllocator() {
    }

    /** @param key what the line is (a SKU, a receipt line); carried through to its share */
    public record BasisLine(String key, BigDecimal basis) {
    }

    public record Share(BasisLine line, BigDecimal amount) {
    }

    /**
     * @param charge a 2-place amount (negative for a credit note)
     * @throws IllegalArgumentException when there are no lines, a basis is negative or all bases are zero
     */
    public static List<Share> allocate(BigDecimal charge, List<BasisLine> basisLines) {
        if (basisLines.isEmpty()) {
            throw new IllegalArgumentException("A charge needs at least one line to be allocated to");
        }
        if (charge.scale() > Money.SCALE && charge.compareTo(Money.round(charge)) != 0) {
            throw new IllegalArgumentException("The charge " + charge.toPlainString() + " has more than 2 decimals");
        }
        BigDecimal totalBasis = BigDecimal.ZERO;
        int largest = 0;
        for (int i = 0; i < basisLines.size(); i++) {
            BigDecimal basis = basisLines.get(i).basis();
            if (basis.signum() < 0) {
                throw new IllegalArgumentException("Basis of " + basisLines.get(i).key() + " is negative: " + basis);
            }
            totalBasis = totalBasis.add(basis);
            if (basis.compareTo(basisLines.get(largest).basis()) > 0) {
                largest = i;
            }
        }
        if (totalBasis.signum() == 0) {
            throw new IllegalArgumentException("All bases are zero: nothing to allocate in proportion to");
        }
        List<BigDecimal> amounts = new ArrayList<>();
        BigDecimal allocated = BigDecimal.ZERO;
        for (BasisLine line : basisLines) {
            // multiply first, divide once: exact up to the single half-up rounding
            BigDecimal share = charge.multiply(line.basis()).divide(totalBasis, Money.SCALE, RoundingMode.HALF_UP);
            amounts.add(share);
            allocated = allocated.add(share);
        }
        amounts.set(largest, amounts.get(largest).add(Money.round(charge).subtract(allocated)));
        List<Share> shares = new ArrayList<>();
        for (int i = 0; i < basisLines.size(); i++) {
            shares.add(new Share(basisLines.get(i), amounts.get(i)));
        }
        return List.copyOf(shares);
    }
}
