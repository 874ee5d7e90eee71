package io.dock2ledger.posting.rules;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LandedCostAllocatorTest {

    @Test
    void theRemainderGoesToTheLargestBasisLine() {
        List<LandedCostAllocator.Share> shares = LandedCostAllocator.allocate(new BigDecimal("100.00"), List.of(
                basis("A", "1"), basis("B", "1"), basis("C", "2")));

        // 25.00, 25.00, 50.00 exactly: no remainder
        assertThat(shares).extracting(LandedCostAllocator.Share::amount).containsExactly(
                new BigDecimal("25.00"), new BigDecimal("25.00"), new BigDecimal("50.00"));
    }

    @Test
    void aThirdsRemainderLandsOnTheFirstLargestLine() {
        List<LandedCostAllocator.Share> shares = LandedCostAllocator.allocate(new BigDecimal("10.00"), List.of(
                basis("A", "3"), basis("B", "3"), basis("C", "3")));

        // 3.33 each = 9.99; the 0.01 remainder goes to A, the first of the tied largest
        assertThat(shares).extracting(LandedCostAllocator.Share::amount).containsExactly(
                new BigDecimal("3.34"), new BigDecimal("3.33"), new BigDecimal("3.33"));
    }

    @Test
    void theDemoDutyIsSplitByValue() {
        List<LandedCostAllocator.Share> shares = LandedCostAllocator.allocate(new BigDecimal("57.00"), List.of(
                basis("MUG-RED", "576.00"), basis("MUG-BLU", "564.00")));

        assertThat(shares).extracting(LandedCostAllocator.Share::amount).containsExactly(
                new BigDecimal("28.80"), new BigDecimal("28.20"));
    }

    @Test
    void allZeroBasesCannotBeAllocated() {
        assertThatThrownBy(() -> LandedCostAllocator.allocate(BigDecimal.TEN, List.of(basis("A", "0"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static LandedCostAllocator.BasisLine basis(String key, String value) {
        return new LandedCostAllocator.BasisLine(key, new BigDecimal(value));
    }
}
