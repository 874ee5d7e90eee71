package io.dock2ledger.operations.reconciliation;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One compared line: a warehouse event line against the finance document line that accounts for it, or a finance
 * document (line) against the rows the ERP received. {@code result} is {@code OK} or the {@link DifferenceKind}.
 *
 * @param side              what was compared: EVENT (the event as a whole), EVENT_LINE (warehouse quantity of a SKU
 *                          against the document's), DOCUMENT (a document against its ERP rows), DOCUMENT_LINE (a line
 *                          against its ERP row)
 * @param warehouseQuantity base quantity the warehouse reported (EVENT_LINE), or the hub document's quantity when it
 *                          is compared with the ERP's
 * @param financeQuantity   quantity on the hub's document (EVENT_LINE) or on the ERP's row (DOCUMENT_LINE)
 * @param hubAmount         the hub document's amount (total, net, tax, debit or credit: see {@code detail})
 * @param erpAmount         the same amount as the ERP received it
 */
public record ReconciliationRow(
        String entity,
        LocalDate businessDate,
        String side,
        String partner,
        String eventType,
        String sourceDocument,
        String eventId,
        String documentNumber,
        String journalKind,
        String sku,
        String account,
        BigDecimal warehouseQuantity,
        BigDecimal financeQuantity,
        BigDecimal hubAmount,
        BigDecimal erpAmount,
        String result,
        String detail) {

    public static final String OK = "OK";

    public boolean isDifference() {
        return !OK.equals(result);
    }

    public DifferenceKind kind() {
        return isDifference() ? DifferenceKind.valueOf(result) : null;
    }
}
