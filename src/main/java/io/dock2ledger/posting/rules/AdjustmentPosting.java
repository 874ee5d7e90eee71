package io.dock2ledger.posting.rules;

import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.EventLine;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.masterdata.Item;
import io.dock2ledger.posting.documents.Money;

import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * inventory.adjusted: one journal per adjustment document at standard cost. A loss debits the reason code's
 * account and credits inventory; a gain the reverse. Status-only codes (hold, transfer) post nothing; an unknown
 * code stops the whole document for inventory control.
 */
final class AdjustmentPosting implements EventRule {

    private final EventFacts facts;
    private final RuleBook rules;

    AdjustmentPosting(EventFacts facts, RuleBook rules) {
        this.facts = facts;
        this.rules = rules;
    }

    @Override
    public RuleResult evaluate(CanonicalEvent event) {
        String document = EventFacts.document(event);
        String entity = facts.warehouse(event).entity();
        String currency = facts.entity(event, entity).currency();
        AccountMap.Adjustment accounts = rules.forEntity(entity).adjustment();

        JournalBuilder journal = new JournalBuilder();
        Set<String> statusOnlyCodes = new LinkedHashSet<>();
        for (int i = 0; i < event.lines().size(); i++) {
            EventLine line = event.lines().get(i);
            String account = reasonAccount(event, line, i, accounts);
            if (AccountMap.NO_POSTING.equals(account)) {
                statusOnlyCodes.add(line.reasonCode());
                continue;
            }
            Item item = facts.item(event, line, i);
            BigDecimal quantity = facts.baseQuantity(event, line, i, item);
            // signed: a loss (negative quantity) is a negative inventory movement
            BigDecimal movement = Money.lineAmount(quantity, item.standardCost());
            String memo = "reason " + line.reasonCode() + ": " + Money.plain(quantity) + " " + item.baseUom()
                    + " x standard cost " + Money.plain(item.standardCost());
            journal.signed(account, movement.negate(), item.sku(), memo);
            journal.signed(accounts.inventory(), movement, item.sku(), memo);
        }
        if (journal.isEmpty()) {
            return RuleResult.nothingToPost(statusOnlyCodes.isEmpty()
                    ? document + " adjusts no quantity"
                    : document + " only changes stock status (reason codes " + String.join(", ", statusOnlyCodes)
                    + ": hold, release or transfer); nothing moves in the books");
        }
        return RuleResult.posted(List.of(Documents.journal(event, "INVENTORY_ADJUSTMENT", entity, currency, null,
                null, journal.lines())), () -> { });
    }

    private static String reasonAccount(CanonicalEvent event, EventLine line, int index,
                                        AccountMap.Adjustment accounts) {
        String code = line.reasonCode();
        if (code == null || code.isBlank()) {
            throw PostingStop.rejected(ExceptionCategory.UNKNOWN_REASON_CODE,
                    EventFacts.line(event, line, index) + " has no adjustment reason code");
        }
        String account = accounts.reasonCodes().get(code);
        if (account == null) {
            throw PostingStop.rejected(ExceptionCategory.UNKNOWN_REASON_CODE, EventFacts.line(event, line, index)
                    + " has reason code " + code + ", which the posting rules do not know; nothing of "
                    + EventFacts.document(event) + " was posted");
        }
        return account;
    }
}
