package io.dock2ledger.masterdata;

import java.math.BigDecimal;

public record TaxRate(String taxRegion, String taxCode, BigDecimal rate) {
}
