package io.dock2ledger.posting.rules;

import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.Charge;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.posting.documents.Money;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * landed-cost.charged: capitalises a freight, duty or handling charge onto the lines of the receipt it belongs to
 * (Dr inventory per receipt line / Cr accrual). The receipt is matched by its reference, else by PO and bill of
 * lading; while no posted receipt matches, the charge waits for it.
 */
final class LandedCostPosting implements EventRule {

    private final RuleBook rules;
    private final PostingState state;

    LandedCostPosting(RuleBook rules, PostingState state) {
        this.rules = rules;
        this.state = state;
    }

    private record Basis(PostingState.PostedReceipt receipt, PostingState.ReceiptLine line) {
    }

    @Override
    public RuleResult evaluate(CanonicalEvent event) {
        String document = EventFacts.document(event);
        Charge charge = event.charge();
        if (charge == null || charge.amount() == null || charge.chargeType() == null) {
            throw PostingStop.rejected(ExceptionCategory.SCHEMA_INVALID,
                    document + " is a landed-cost charge without a charge type and amount");
        }
        List<PostingState.PostedReceipt> receipts = matchReceipts(event);
        PostingState.PostedReceipt first = receipts.get(0);
        String entity = first.entity();
        for (PostingState.PostedReceipt receipt : receipts) {
            if (!receipt.entity().equals(entity)) {
                throw PostingStop.rejected(ExceptionCategory.UNMATCHED_CHARGE, document + " matches receipts of two"
                        + " entities (" + entity + ", " + receipt.entity() + "); it cannot be capitalised on both");
            }
        }
        String currency = charge.currency() != null ? charge.currency() : first.currency();
        if (!currency.equals(first.currency())) {
            throw PostingStop.rejected(ExceptionCategory.UNMATCHED_CHARGE, document + " is in " + currency
                    + " but receipt " + first.receiptId() + " is valued in " + first.currency());
        }
        AccountMap.Charge rule = rules.forEntity(entity).landedCost().charge(charge.chargeType())
                .orElseThrow(() -> PostingStop.rejected(ExceptionCategory.UNMATCHED_CHARGE, document
                        + " is a " + charge.chargeType() + " charge, which the posting rules do not allocate"
                        + " (no landed-cost.charges." + charge.chargeType() + ")"));
        BigDecimal amount = Money.round(charge.amount());
        if (amount.signum() == 0) {
            return RuleResult.nothingToPost(document + " charges nothing");
        }
        AllocationBasis basis = rule.allocationBasis();

        List<Basis> lines = new ArrayList<>();
        List<LandedCostAllocator.BasisLine> basisLines = new ArrayList<>();
        for (PostingState.PostedReceipt receipt : receipts) {
            for (PostingState.ReceiptLine line : receipt.lines()) {
                lines.add(new Basis(receipt, line));
                basisLines.add(new LandedCostAllocator.BasisLine(line.sku(), basisOf(line, basis)));
            }
        }
        BigDecimal totalBasis = basisLines.stream().map(LandedCostAllocator.BasisLine::basis)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        if (totalBasis.signum() == 0) {
            throw PostingStop.rejected(ExceptionCategory.UNMATCHED_CHARGE, document + " cannot be allocated by "
                    + basis.configName() + ": the matched receipt lines have no " + basis.configName()
                    + " (check item weights)");
        }
        List<LandedCostAllocator.Share> shares = LandedCostAllocator.allocate(amount, basisLines);
        String chargeName = charge.chargeType().toLowerCase(java.util.Locale.ROOT) + " " + document;
        JournalBuilder journal = new JournalBuilder();
        for (int i = 0; i < shares.size(); i++) {
            Basis b = lines.get(i);
            journal.debit(rule.inventory(), shares.get(i).amount(), b.line().sku(), chargeName + " by "
                    + basis.configName() + ": " + basisText(basisLines.get(i).basis(), basis, b.line()) + " of "
                    + basisText(totalBasis, basis, b.line()) + ", " + b.receipt().receiptId() + " line " + b.line().lineNo());
        }
        journal.credit(rule.accrual(), amount, null, chargeName + (charge.vendor() == null ? "" : " from " + charge.vendor()));
        String settles = receipts.size() == 1 ? first.receiptId() : first.purchaseOrder();
        return RuleResult.posted(List.of(Documents.journal(event, "LANDED_COST", entity, currency, null, settles,
                journal.lines())), () -> { });
    }

    private List<PostingState.PostedReceipt> matchReceipts(CanonicalEvent event) {
        String document = EventFacts.document(event);
        String receiptId = event.references().receipt();
        String po = event.references().purchaseOrder();
        String bol = event.references().billOfLading();
        if (receiptId != null) {
            PostingState.PostedReceipt receipt = state.receipt(receiptId).orElseThrow(() -> PostingStop.waiting(
                    document + " waits for receipt " + receiptId + " to post; the charge is capitalised onto its lines"));
            if (po != null && !po.equals(receipt.purchaseOrder())) {
                throw PostingStop.rejected(ExceptionCategory.UNMATCHED_CHARGE, document + " names receipt " + receiptId
                        + " and purchase order " + po + ", but " + receiptId + " received " + receipt.purchaseOrder());
            }
            return List.of(receipt);
        }
        if (po == null || bol == null) {
            throw PostingStop.rejected(ExceptionCategory.UNMATCHED_CHARGE, document + " names neither a receipt nor a"
                    + " purchase order with a bill of lading, so no receipt can ever match it");
        }
        List<PostingState.PostedReceipt> receipts = state.receiptsFor(po, bol);
        if (receipts.isEmpty()) {
            throw PostingStop.waiting(document + " waits for a receipt of purchase order " + po
                    + " with bill of lading " + bol + " to post; the charge is capitalised onto its lines");
        }
        return receipts;
    }

    private static BigDecimal basisOf(PostingState.ReceiptLine line, AllocationBasis basis) {
        return switch (basis) {
            case WEIGHT -> line.weightKg();
            case VALUE -> line.value();
            case QUANTITY -> line.baseQuantity();
        };
    }

    private static String basisText(BigDecimal value, AllocationBasis basis, PostingState.ReceiptLine line) {
        return switch (basis) {
            case WEIGHT -> Money.plain(value) + " kg";
            case VALUE -> Money.amount(value);
            case QUANTITY -> Money.plain(value) + " " + line.baseUom();
        };
    }
}
