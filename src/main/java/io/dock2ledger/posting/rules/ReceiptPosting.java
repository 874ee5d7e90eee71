package io.dock2ledger.posting.rules;

import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.EventLine;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.masterdata.Item;
import io.dock2ledger.masterdata.PurchaseOrderLine;
import io.dock2ledger.posting.documents.FinanceDocument;
import io.dock2ledger.posting.documents.Money;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * goods.received: a receipt accrual at the PO unit cost per base unit (Dr inventory / Cr GRNI). The posted
 * receipt is remembered with its lines, so freight, duty and handling charges can be capitalised onto it later.
 */
final class ReceiptPosting implements EventRule {

    private final EventFacts facts;
    private final RuleBook rules;
    private final PostingState state;

    ReceiptPosting(EventFacts facts, RuleBook rules, PostingState state) {
        this.facts = facts;
        this.rules = rules;
        this.state = state;
    }

    @Override
    public RuleResult evaluate(CanonicalEvent event) {
        String document = EventFacts.document(event);
        String poId = event.references().purchaseOrder();
        if (poId == null) {
            throw PostingStop.rejected(ExceptionCategory.UNKNOWN_ORDER, document + " does not name its purchase order");
        }
        List<PurchaseOrderLine> po = facts.masterData().purchaseOrder(poId);
        if (po.isEmpty()) {
            throw PostingStop.rejected(ExceptionCategory.UNKNOWN_ORDER,
                    document + " receives against purchase order " + poId + ", which master data does not know");
        }
        String entity = event.warehouse() == null ? po.get(0).entity() : facts.warehouse(event).entity();
        String currency = po.get(0).currency();
        String supplier = event.references().supplier() != null ? event.references().supplier() : po.get(0).supplier();
        String receiptId = event.references().receipt() != null ? event.references().receipt() : document;
        if (state.receipt(receiptId).isPresent()) {
            // the ledger stops resends of the same partner document; this is the same receipt by another route
            throw PostingStop.rejected(ExceptionCategory.POSSIBLE_CORRECTION, document + " is receipt " + receiptId
                    + ", which has already posted; a second receipt with the same id is never posted again");
        }
        AccountMap.Receipt accounts = rules.forEntity(entity).receipt();

        JournalBuilder journal = new JournalBuilder();
        List<PostingState.ReceiptLine> receiptLines = new ArrayList<>();
        BigDecimal total = Money.zero();
        for (int i = 0; i < event.lines().size(); i++) {
            EventLine line = event.lines().get(i);
            Item item = facts.item(event, line, i);
            BigDecimal quantity = facts.positiveBaseQuantity(event, line, i, item);
            if (quantity.signum() == 0) {
                continue;
            }
            int index = i;
            PurchaseOrderLine poLine = EventFacts.matchOrderLine(po, line, PurchaseOrderLine::sku, PurchaseOrderLine::lineNo)
                    .orElseThrow(() -> PostingStop.rejected(ExceptionCategory.UNKNOWN_ORDER,
                            EventFacts.line(event, line, index) + " receives " + item.sku() + ", but purchase order "
                                    + poId + " has no line for it"));
            BigDecimal per = facts.baseUnitsPer(event, item.sku(), poLine.uom(), poId + " line " + poLine.lineNo());
            BigDecimal unitCost = UnitConversion.perBaseUnit(poLine.unitCost(), per);
            BigDecimal value = Money.lineAmount(quantity, poLine.unitCost(), per);
            BigDecimal weight = item.weightKg() == null ? BigDecimal.ZERO : quantity.multiply(item.weightKg());
            int lineNo = receiptLines.size() + 1; // position, not the partner's number: partners repeat numbers per lot
            receiptLines.add(new PostingState.ReceiptLine(lineNo, item.sku(), quantity, item.baseUom(), unitCost, value, weight));
            journal.debit(accounts.inventory(), value, item.sku(), poId + " line " + poLine.lineNo() + ": "
                    + Money.plain(quantity) + " " + item.baseUom() + " x " + Money.plain(unitCost));
            total = total.add(value);
        }
        if (receiptLines.isEmpty()) {
            return RuleResult.nothingToPost(document + " reports no received quantity on " + poId);
        }
        journal.credit(accounts.goodsReceivedNotInvoiced(), total, null,
                "goods received not invoiced, " + receiptId + " from " + supplier);
        FinanceDocument accrual = Documents.journal(event, "RECEIPT_ACCRUAL", entity, currency, supplier, poId,
                journal.lines());
        PostingState.PostedReceipt posted = new PostingState.PostedReceipt(receiptId, poId,
                event.references().billOfLading(), entity, currency, receiptLines);
        // a receipt worth 0.00 still counts for landed cost (handling by quantity), so it is always remembered
        return RuleResult.postedIfAnyMoney(List.of(accrual), () -> state.recordReceipt(posted),
                document + " receives quantities of " + poId + " whose value rounds to 0.00; nothing to book");
    }
}
