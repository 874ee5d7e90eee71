package io.dock2ledger.outbound;

import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The ERP releases a sales order to a warehouse for shipping. When a 3PL runs that warehouse, the hub sends it an X12
 * 940. Sent by the ERP as JSON on the queue {@code dock2ledger.erp.shipping-orders}, or by a person through
 * {@code POST /api/v1/shipping-orders}.
 *
 * @param orderId           the sales order (master data {@code sales_orders.csv})
 * @param warehouse         the hub warehouse code to ship from ({@code warehouses.csv}); its operator is the 3PL
 * @param requestedShipDate optional
 * @param lines             optional: the lines and quantities to ship; every line of the order in full when absent
 */
@Schema(description = "A sales order released to a warehouse for shipping")
public record ShippingOrderRelease(
        @Schema(example = "SO-50001") String orderId,
        @Schema(example = "ACME-NJ") String warehouse,
        @Schema(example = "2026-11-30") LocalDate requestedShipDate,
        List<Line> lines) {

    public ShippingOrderRelease {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    /**
     * @param line     the sales order line number
     * @param quantity in the order line's unit; at most what was ordered
     */
    public record Line(@Schema(example = "1") int line, @Schema(example = "48") BigDecimal quantity) {
    }
}
