package io.dock2ledger.masterdata;

import java.math.BigDecimal;

/** One unit of {@code uom} of the item is {@code baseUnits} of its base unit. */
public record UomConversion(String sku, String uom, BigDecimal baseUnits) {
}
