package io.dock2ledger.posting.documents;

import java.math.BigDecimal;

/**
 * A commercial line of an invoice or credit memo, in base units.
 *
 * @param orderLineNo the sales order line it bills or credits
 */
public record InvoiceLine(int lineNo, String sku, BigDecimal quantity, String uom, BigDecimal unitPrice,
                          BigDecimal net, BigDecimal taxRate, BigDecimal tax, Integer orderLineNo) {
}
