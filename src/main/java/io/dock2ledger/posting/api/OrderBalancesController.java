package io.dock2ledger.posting.api;

import io.dock2ledger.posting.store.OrderBalances;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.List;

@RestController
@RequestMapping("/api/v1/balances")
@Tag(name = "Balances", description = "Order, purchase order and RMA balances in base units")
public class OrderBalancesController {

    private final OrderBalances balances;

    public OrderBalancesController(OrderBalances balances) {
        this.balances = balances;
    }

    @GetMapping("/orders/{orderId}")
    @Operation(summary = "Sales order lines: ordered, shipped, invoiced, returned, open")
    public List<OrderBalances.OrderLineBalance> order(@PathVariable("orderId") String orderId) {
        return found(balances.salesOrder(orderId), "sales order " + orderId);
    }

    @GetMapping("/purchase-orders/{poId}")
    @Operation(summary = "Purchase order lines: ordered, received, open")
    public List<OrderBalances.PurchaseOrderLineBalance> purchaseOrder(@PathVariable("poId") String poId) {
        return found(balances.purchaseOrder(poId), "purchase order " + poId);
    }

    @GetMapping("/rmas/{rmaId}")
    @Operation(summary = "Return authorization: authorized and credited")
    public OrderBalances.RmaBalance rma(@PathVariable("rmaId") String rmaId) {
        return balances.rma(rmaId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No RMA " + rmaId));
    }

    private static <T> List<T> found(List<T> lines, String what) {
        if (lines.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No " + what);
        }
        return lines;
    }
}
