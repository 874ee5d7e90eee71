package io.dock2ledger.edi.outbound;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * What goes into an X12 940 warehouse shipping order: the hub asks a 3PL to pick, pack and ship a sales order.
 *
 * @param orderId           the depositor order number (W05-02): the hub's sales order, which the 3PL's 945 quotes
 *                          back in W06-02 so the shipment finds its order
 * @param depositor         who owns the goods (N1*DE): the legal entity, by its code
 * @param shipTo            the customer (N1*ST), by the hub's customer id
 * @param warehouse         the 3PL warehouse to ship from (N1*SF), by the 3PL's own location code
 * @param requestedShipDate G62*10
 * @param lines             one LX loop each
 */
public record X12ShippingOrder(String orderId, Name depositor, Name shipTo, Name warehouse,
                               LocalDate requestedShipDate, List<Line> lines) {

    public X12ShippingOrder {
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("A shipping order needs at least one line");
        }
    }

    /** A party of the order: N1-02 name and N1-04 code (qualifier 91, assigned by the seller). */
    public record Name(String name, String code) {
    }

    /**
     * @param lineNumber  the sales order line (N9*LI), so the 3PL can quote it back
     * @param quantity    W01-01, in {@code uom}
     * @param partnerItem the 3PL's item code (W01-04/05, qualifier VN), from the governed cross-reference
     * @param sku         the hub's SKU (W01-06/07, qualifier SK)
     */
    public record Line(int lineNumber, BigDecimal quantity, String uom, String partnerItem, String sku) {
    }
}
