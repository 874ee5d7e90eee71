package io.dock2ledger.masterdata;

import java.math.BigDecimal;

/** A sales order line; {@code unitPrice} is per {@code uom}. */
public record SalesOrderLine(String orderId, int lineNo, String entity, String customer, String sku,
                             BigDecimal quantityOrdered, String uom, BigDecimal unitPrice, String currency) {
}
