package io.dock2ledger.masterdata;

import java.math.BigDecimal;

/** An item (SKU) with its base unit, standard cost per base unit, weight per base unit and tax code. */
public record Item(String sku, String description, String baseUom, BigDecimal standardCost,
                   BigDecimal weightKg, String taxCode) {
}
