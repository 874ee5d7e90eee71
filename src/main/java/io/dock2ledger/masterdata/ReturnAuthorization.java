package io.dock2ledger.masterdata;

import java.math.BigDecimal;

/** An RMA: which sales order line a return refers to and how much may come back. */
public record ReturnAuthorization(String rmaId, String orderId, int orderLineNo, String sku,
                                  BigDecimal quantityAuthorized, String uom) {
}
