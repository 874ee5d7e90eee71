package io.dock2ledger.benchmark;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class MachineCalibrationTest {

    @Test
    void aRoundDoesAllOfItsWork() {
        // Every record's amount, in cents: price 12.34 + sku/100, quantity 1-7.
        long cents = 0;
        for (int i = 0; i < MachineCalibration.RECORDS; i++) {
            cents += (1234L + i % 500) * (1 + i % 7);
        }

        assertThat(new MachineCalibration().round()).isEqualByComparingTo(BigDecimal.valueOf(cents, 2));
    }

    @Test
    void theFigureIsTheTimeOfARound() {
        assertThat(MachineCalibration.millis()).isPositive().isLessThan(60_000);
    }
}
