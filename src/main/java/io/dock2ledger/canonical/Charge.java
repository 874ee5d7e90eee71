package io.dock2ledger.canonical;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A freight, duty or handling charge to capitalise onto a receipt (landed-cost.charged). */
public record Charge(
        String chargeType,
        BigDecimal amount,
        String currency,
        String vendor,
        LocalDate invoiceDate) {
}
