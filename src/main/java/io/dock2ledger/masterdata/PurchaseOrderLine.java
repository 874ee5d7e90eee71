package io.dock2ledger.masterdata;

import java.math.BigDecimal;

/** A purchase order line; {@code unitCost} is per {@code uom}. */
public record PurchaseOrderLine(String poId, int lineNo, String entity, String supplier, String sku,
                                BigDecimal quantityOrdered, String uom, BigDecimal unitCost, String currency) {
}
