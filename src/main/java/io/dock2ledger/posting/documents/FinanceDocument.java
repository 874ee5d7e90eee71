package io.dock2ledger.posting.documents;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A finance document the posting rules produce from one canonical event: an invoice or credit memo with its
 * journal, or a plain journal. Its journal always balances (see {@link #isBalanced()}).
 *
 * @param journalKind     AR_INVOICE, COGS, RECEIPT_ACCRUAL, INVENTORY_ADJUSTMENT, CREDIT_MEMO, RETURN_RESTOCK,
 *                        RETURN_SCRAP, RETURN_VENDOR, INTERCOMPANY_TRANSFER_OUT, INTERCOMPANY_TRANSFER_IN,
 *                        LANDED_COST, REVERSAL
 * @param period          the fiscal period (yyyy-MM) the document posts in
 * @param periodAdjusted  true when the business date fell in a closed period and the date was rolled forward
 * @param counterparty    customer (invoices, credit memos) or supplier (receipt accruals), if any
 * @param orderRef        the sales order, PO, RMA or transfer the document settles
 * @param net             commercial documents only: sum of line nets; null for plain journals
 */
public record FinanceDocument(
        DocumentKind kind,
        String journalKind,
        String entity,
        String currency,
        LocalDate postingDate,
        String period,
        boolean periodAdjusted,
        String eventId,
        String sourcePartner,
        String sourceEventType,
        String sourceDocument,
        String counterparty,
        String orderRef,
        BigDecimal net,
        BigDecimal tax,
        BigDecimal total,
        List<InvoiceLine> invoiceLines,
        List<JournalLine> journalLines) {

    public FinanceDocument {
        invoiceLines = invoiceLines == null ? List.of() : List.copyOf(invoiceLines);
        journalLines = journalLines == null ? List.of() : List.copyOf(journalLines);
    }

    public BigDecimal totalDebit() {
        return journalLines.stream().map(JournalLine::debit).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public BigDecimal totalCredit() {
        return journalLines.stream().map(JournalLine::credit).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public boolean isBalanced() {
        return !journalLines.isEmpty() && totalDebit().compareTo(totalCredit()) == 0;
    }
}
