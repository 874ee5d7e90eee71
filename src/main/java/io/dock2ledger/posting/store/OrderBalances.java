package io.dock2ledger.posting.store;

import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.masterdata.PurchaseOrderLine;
import io.dock2ledger.masterdata.ReturnAuthorization;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * Where each order, purchase order and RMA stands, in base units: what was ordered, shipped, invoiced, returned,
 * received and credited. Read from master data, the posting state and the posted documents (reversed ones excluded),
 * so finance sees the same figures the posting rules check against.
 */
public class OrderBalances {

    public record OrderLineBalance(int lineNo, String sku, BigDecimal ordered, BigDecimal shipped, BigDecimal invoiced,
                                   BigDecimal returned, BigDecimal open) {
    }

    public record PurchaseOrderLineBalance(int lineNo, String sku, BigDecimal ordered, BigDecimal received,
                                           BigDecimal open) {
    }

    public record RmaBalance(String rmaId, String orderId, int orderLineNo, String sku, BigDecimal authorized,
                             BigDecimal credited) {
    }

    private final JdbcTemplate jdbc;
    private final MasterData masterData;

    public OrderBalances(JdbcTemplate jdbc, MasterData masterData) {
        this.jdbc = jdbc;
        this.masterData = masterData;
    }

    public List<OrderLineBalance> salesOrder(String orderId) {
        return masterData.salesOrder(orderId).stream().map(line -> {
            BigDecimal ordered = inBase(line.sku(), line.uom(), line.quantityOrdered());
            BigDecimal shipped = sum("select shipped_qty from posting_order_line where order_id = ? and line_no = ?",
                    orderId, line.lineNo());
            BigDecimal returned = sum("select returned_qty from posting_order_line where order_id = ? and line_no = ?",
                    orderId, line.lineNo());
            BigDecimal invoiced = sum("""
                    select l.quantity from finance_document_line l join finance_document d on d.id = l.document_id
                    where d.kind = 'INVOICE' and d.status <> 'REVERSED' and d.order_ref = ? and l.line_type = 'INVOICE'
                      and l.order_line_no = ?""", orderId, line.lineNo());
            return new OrderLineBalance(line.lineNo(), line.sku(), ordered, shipped, invoiced, returned,
                    ordered.subtract(shipped));
        }).toList();
    }

    public List<PurchaseOrderLineBalance> purchaseOrder(String poId) {
        return masterData.purchaseOrder(poId).stream().map((PurchaseOrderLine line) -> {
            BigDecimal ordered = inBase(line.sku(), line.uom(), line.quantityOrdered());
            BigDecimal received = sum("""
                    select l.base_qty from posting_receipt_line l join posting_receipt r on r.receipt_id = l.receipt_id
                    where r.purchase_order = ? and l.sku = ?""", poId, line.sku());
            return new PurchaseOrderLineBalance(line.lineNo(), line.sku(), ordered, received, ordered.subtract(received));
        }).toList();
    }

    public Optional<RmaBalance> rma(String rmaId) {
        return masterData.returnAuthorization(rmaId).map((ReturnAuthorization rma) -> new RmaBalance(rma.rmaId(),
                rma.orderId(), rma.orderLineNo(), rma.sku(), inBase(rma.sku(), rma.uom(), rma.quantityAuthorized()),
                sum("select credited_qty from posting_rma where rma_id = ?", rmaId)));
    }

    private BigDecimal inBase(String sku, String uom, BigDecimal quantity) {
        return masterData.baseUnitsPer(sku, uom).map(quantity::multiply).orElse(quantity).stripTrailingZeros();
    }

    private BigDecimal sum(String sql, Object... args) {
        return jdbc.queryForList(sql, BigDecimal.class, args).stream()
                .reduce(BigDecimal.ZERO, BigDecimal::add).stripTrailingZeros();
    }
}
