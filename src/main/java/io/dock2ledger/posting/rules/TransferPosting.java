package io.dock2ledger.posting.rules;

import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.EventLine;
import io.dock2ledger.canonical.EventType;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.masterdata.Item;
import io.dock2ledger.masterdata.Warehouse;
import io.dock2ledger.posting.documents.FinanceDocument;
import io.dock2ledger.posting.documents.Money;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * transfer.shipped / transfer.received: each leg posts in its own warehouse's entity at standard cost, matched by
 * transfer id. The receiving leg waits for the shipping leg and must receive exactly what was shipped (and not yet
 * received); within one entity both legs still post.
 */
final class TransferPosting implements EventRule {

    private final EventFacts facts;
    private final RuleBook rules;
    private final PostingState state;

    TransferPosting(EventFacts facts, RuleBook rules, PostingState state) {
        this.facts = facts;
        this.rules = rules;
        this.state = state;
    }

    @Override
    public RuleResult evaluate(CanonicalEvent event) {
        boolean shipped = event.eventType() == EventType.TRANSFER_SHIPPED;
        String transferId = event.references().transfer() != null ? event.references().transfer()
                : EventFacts.document(event);
        Warehouse warehouse = facts.warehouse(event);
        String entity = warehouse.entity();
        String currency = facts.entity(event, entity).currency();
        Map<String, BigDecimal> quantities = new LinkedHashMap<>();
        Map<String, Item> items = new LinkedHashMap<>();
        for (int i = 0; i < event.lines().size(); i++) {
            EventLine line = event.lines().get(i);
            Item item = facts.item(event, line, i);
            BigDecimal quantity = facts.positiveBaseQuantity(event, line, i, item);
            if (quantity.signum() > 0) {
                quantities.merge(item.sku(), quantity, BigDecimal::add);
                items.put(item.sku(), item);
            }
        }
        if (quantities.isEmpty()) {
            return RuleResult.nothingToPost(EventFacts.document(event) + " moves no quantity on transfer " + transferId);
        }
        PostingState.TransferLeg leg = shipped ? PostingState.TransferLeg.SHIPPED : PostingState.TransferLeg.RECEIVED;
        String otherWarehouse = shipped ? event.references().toWarehouse() : event.references().fromWarehouse();
        if (!shipped) {
            checkAgainstShippedLeg(event, transferId, warehouse, otherWarehouse, quantities, items);
        }

        AccountMap.Transfer accounts = rules.forEntity(entity).transfer();
        JournalBuilder journal = new JournalBuilder();
        quantities.forEach((sku, quantity) -> {
            Item item = items.get(sku);
            BigDecimal value = Money.lineAmount(quantity, item.standardCost());
            String memo = transferId + (shipped ? " to " : " from ") + (otherWarehouse == null ? "?" : otherWarehouse)
                    + ": " + Money.plain(quantity) + " " + item.baseUom() + " x standard cost " + Money.plain(item.standardCost());
            if (shipped) {
                journal.debit(accounts.intercompanyReceivable(), value, sku, memo);
                journal.credit(accounts.inventory(), value, sku, memo);
            } else {
                journal.debit(accounts.inventory(), value, sku, memo);
                journal.credit(accounts.intercompanyPayable(), value, sku, memo);
            }
        });
        if (journal.isEmpty()) {
            return RuleResult.nothingToPost(EventFacts.document(event) + " moves only items without standard cost");
        }
        String otherEntity = otherWarehouse == null ? null
                : facts.masterData().warehouse(otherWarehouse).map(Warehouse::entity).orElse(null);
        FinanceDocument document = Documents.journal(event,
                shipped ? "INTERCOMPANY_TRANSFER_OUT" : "INTERCOMPANY_TRANSFER_IN", entity, currency, otherEntity,
                transferId, journal.lines());
        return RuleResult.posted(List.of(document), () -> state.addTransferLeg(transferId, leg, quantities));
    }

    private void checkAgainstShippedLeg(CanonicalEvent event, String transferId, Warehouse warehouse,
                                        String fromWarehouse, Map<String, BigDecimal> received, Map<String, Item> items) {
        Map<String, BigDecimal> shipped = state.transferLeg(transferId, PostingState.TransferLeg.SHIPPED);
        if (shipped.isEmpty()) {
            throw PostingStop.waiting(EventFacts.document(event) + " received transfer " + transferId + " at "
                    + warehouse.code() + "; it waits for the shipping leg" + (fromWarehouse == null ? "" : " from " + fromWarehouse)
                    + " to post first");
        }
        Map<String, BigDecimal> receivedBefore = state.transferLeg(transferId, PostingState.TransferLeg.RECEIVED);
        Set<String> skus = new LinkedHashSet<>(shipped.keySet());
        skus.addAll(received.keySet());
        List<String> differences = new ArrayList<>();
        for (String sku : skus) {
            BigDecimal expected = shipped.getOrDefault(sku, BigDecimal.ZERO)
                    .subtract(receivedBefore.getOrDefault(sku, BigDecimal.ZERO));
            BigDecimal actual = received.getOrDefault(sku, BigDecimal.ZERO);
            if (expected.compareTo(actual) != 0) {
                String uom = items.containsKey(sku) ? items.get(sku).baseUom()
                        : facts.masterData().item(sku).map(Item::baseUom).orElse("");
                differences.add(Money.plain(actual) + " " + uom + " " + sku + " received but "
                        + Money.plain(expected) + " " + uom + " shipped and not yet received");
            }
        }
        if (!differences.isEmpty()) {
            throw PostingStop.rejected(ExceptionCategory.TRANSFER_QUANTITY_MISMATCH, "Transfer " + transferId
                    + " does not match between its legs at " + warehouse.code() + ": " + String.join("; ", differences));
        }
    }
}
