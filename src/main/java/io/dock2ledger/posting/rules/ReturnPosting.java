package io.dock2ledger.posting.rules;

import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.EventLine;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.masterdata.Customer;
import io.dock2ledger.masterdata.Item;
import io.dock2ledger.masterdata.ReturnAuthorization;
import io.dock2ledger.masterdata.SalesOrderLine;
import io.dock2ledger.posting.documents.DocumentKind;
import io.dock2ledger.posting.documents.FinanceDocument;
import io.dock2ledger.posting.documents.InvoiceLine;
import io.dock2ledger.posting.documents.Money;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * return.received: a credit memo at the price and tax of the order line the RMA refers to, plus one journal per
 * final disposition at standard cost. Never credits beyond what the RMA authorises nor beyond what shipped and
 * has not come back yet.
 * <p>
 * A return with any line still on a waiting disposition (HOLD, INSPECT) posts nothing: it is remembered as held
 * and waits. The final disposition arrives as a new return.received event for the same RMA carrying the final
 * dispositions; it posts the credit and settles the held return, which then has nothing left to post.
 */
final class ReturnPosting implements EventRule {

    private final EventFacts facts;
    private final OrderPricing pricing;
    private final RuleBook rules;
    private final PostingState state;

    ReturnPosting(EventFacts facts, RuleBook rules, PostingState state) {
        this.facts = facts;
        this.pricing = new OrderPricing(facts);
        this.rules = rules;
        this.state = state;
    }

    private record ReturnedLine(EventLine line, Item item, BigDecimal quantity, String disposition) {
    }

    @Override
    public RuleResult evaluate(CanonicalEvent event) {
        String document = EventFacts.document(event);
        String rmaId = event.references().rma();
        if (rmaId == null) {
            throw PostingStop.rejected(ExceptionCategory.UNKNOWN_ORDER, document + " does not name its RMA");
        }
        ReturnAuthorization rma = facts.masterData().returnAuthorization(rmaId).orElseThrow(() -> PostingStop.rejected(
                ExceptionCategory.UNKNOWN_ORDER, document + " returns under " + rmaId
                        + ", which is not a known return authorization"));
        SalesOrderLine orderLine = facts.masterData().salesOrder(rma.orderId()).stream()
                .filter(l -> l.lineNo() == rma.orderLineNo())
                .findFirst()
                .orElseThrow(() -> PostingStop.rejected(ExceptionCategory.UNKNOWN_ORDER, rmaId + " refers to "
                        + rma.orderId() + " line " + rma.orderLineNo() + ", which master data does not know"));
        Customer customer = facts.customer(event, rmaId, orderLine.customer());
        String entity = facts.warehouse(event).entity();
        AccountMap.Return accounts = rules.forEntity(entity).returns();

        List<ReturnedLine> returned = returnedLines(event, rma, accounts);
        if (returned.isEmpty()) {
            return RuleResult.nothingToPost(document + " returns no quantity under " + rmaId);
        }
        BigDecimal total = returned.stream().map(ReturnedLine::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
        String uom = returned.get(0).item().baseUom();
        BigDecimal authorized = UnitConversion.toBase(rma.quantityAuthorized(),
                facts.baseUnitsPer(event, rma.sku(), rma.uom(), rmaId));

        Set<String> waitingDispositions = new LinkedHashSet<>();
        returned.stream().filter(r -> AccountMap.WAIT.equals(accounts.dispositions().get(r.disposition())))
                .forEach(r -> waitingDispositions.add(r.disposition()));
        if (!waitingDispositions.isEmpty()) {
            return held(event, rmaId, authorized, total, uom, waitingDispositions);
        }

        PostingState.OrderLineProgress progress = state.orderLine(rma.orderId(), rma.orderLineNo());
        String orderLineName = rma.orderId() + " line " + rma.orderLineNo();
        if (progress.shipped().signum() == 0) {
            throw PostingStop.waiting(document + " returns " + Money.plain(total) + " " + uom + " " + rma.sku()
                    + " of " + orderLineName + ", which has not shipped yet; the credit memo waits for the shipment");
        }
        BigDecimal credited = state.creditedUnderRma(rmaId);
        if (credited.add(total).compareTo(authorized) > 0) {
            throw PostingStop.rejected(ExceptionCategory.OVER_RETURN, document + " returns " + Money.plain(total)
                    + " " + uom + " " + rma.sku() + " under " + rmaId + ", which authorises " + Money.plain(authorized)
                    + " " + uom + " of which " + Money.plain(credited) + " " + uom + " are already credited");
        }
        if (total.compareTo(progress.shippedNotReturned()) > 0) {
            throw PostingStop.rejected(ExceptionCategory.OVER_RETURN, document + " returns " + Money.plain(total)
                    + " " + uom + " of " + orderLineName + " but only " + Money.plain(progress.shippedNotReturned())
                    + " " + uom + " are shipped and not returned (" + Money.plain(progress.shipped()) + " shipped, "
                    + Money.plain(progress.returned()) + " returned)");
        }

        String currency = orderLine.currency();
        List<InvoiceLine> creditLines = new ArrayList<>();
        for (ReturnedLine r : returned) {
            creditLines.add(pricing.price(event, creditLines.size() + 1, orderLine, r.item(), customer, r.quantity()));
        }
        List<FinanceDocument> documents = new ArrayList<>();
        documents.add(creditMemo(event, entity, currency, customer, rmaId, orderLine.orderId(), creditLines, accounts));
        dispositionJournals(event, entity, currency, rmaId, returned, accounts).forEach(documents::add);
        return RuleResult.postedIfAnyMoney(documents, () -> {
            state.addReturned(rma.orderId(), rma.orderLineNo(), total);
            state.addCreditedUnderRma(rmaId, total);
            state.releaseHeldReturns(rmaId, event.eventId());
        }, document + " returns quantities under " + rmaId + " whose amounts all round to 0.00; nothing to book");
    }

    private List<ReturnedLine> returnedLines(CanonicalEvent event, ReturnAuthorization rma, AccountMap.Return accounts) {
        List<ReturnedLine> returned = new ArrayList<>();
        for (int i = 0; i < event.lines().size(); i++) {
            EventLine line = event.lines().get(i);
            Item item = facts.item(event, line, i);
            if (!item.sku().equals(rma.sku())) {
                throw PostingStop.rejected(ExceptionCategory.OVER_RETURN, EventFacts.line(event, line, i) + " returns "
                        + item.sku() + ", but " + rma.rmaId() + " authorises only " + rma.sku());
            }
            BigDecimal quantity = facts.positiveBaseQuantity(event, line, i, item);
            if (quantity.signum() == 0) {
                continue;
            }
            String disposition = line.disposition();
            if (disposition == null || !accounts.dispositions().containsKey(disposition)) {
                throw PostingStop.rejected(ExceptionCategory.UNKNOWN_REASON_CODE, EventFacts.line(event, line, i)
                        + (disposition == null ? " has no disposition" : " has disposition " + disposition
                        + ", which the posting rules do not know") + " (known: "
                        + String.join(", ", accounts.dispositions().keySet().stream().sorted().toList()) + ")");
            }
            returned.add(new ReturnedLine(line, item, quantity, disposition));
        }
        return returned;
    }

    private RuleResult held(CanonicalEvent event, String rmaId, BigDecimal authorized, BigDecimal total, String uom,
                            Set<String> waitingDispositions) {
        String document = EventFacts.document(event);
        var heldBefore = state.heldReturn(event.eventId());
        if (heldBefore.isPresent() && heldBefore.get().isSettled()) {
            return RuleResult.nothingToPost(document + " (event " + event.eventId() + ") was held on "
                    + String.join("/", waitingDispositions) + "; event " + heldBefore.get().settledByEventId()
                    + " brought the final disposition for " + rmaId + " and posted its credit memo");
        }
        BigDecimal credited = state.creditedUnderRma(rmaId);
        if (credited.compareTo(authorized) >= 0) {
            return RuleResult.nothingToPost(document + " is on " + String.join("/", waitingDispositions) + ", but "
                    + rmaId + " is already fully credited (" + Money.plain(credited) + " of "
                    + Money.plain(authorized) + " " + uom + "); nothing is left to post for it");
        }
        PostingState.HeldReturn held = new PostingState.HeldReturn(event.eventId(), rmaId, document, total, null);
        return RuleResult.waiting(document + " returns " + Money.plain(total) + " " + uom + " under " + rmaId
                + " on " + String.join("/", waitingDispositions) + "; the credit memo waits for the final disposition"
                + " (a new return.received event for " + rmaId + ")", () -> state.holdReturn(held));
    }

    private static FinanceDocument creditMemo(CanonicalEvent event, String entity, String currency, Customer customer,
                                              String rmaId, String orderId, List<InvoiceLine> lines,
                                              AccountMap.Return accounts) {
        JournalBuilder journal = new JournalBuilder();
        BigDecimal net = lines.stream().map(InvoiceLine::net).reduce(Money.zero(), BigDecimal::add);
        BigDecimal tax = lines.stream().map(InvoiceLine::tax).reduce(Money.zero(), BigDecimal::add);
        for (InvoiceLine line : lines) {
            journal.debit(accounts.returns(), line.net(), line.sku(), rmaId + ": " + Money.plain(line.quantity()) + " "
                    + line.uom() + " x " + Money.plain(line.unitPrice()) + " (" + orderId + " line " + line.orderLineNo() + ")");
        }
        journal.debit(accounts.taxPayable(), tax, null, "sales tax credited");
        journal.credit(accounts.receivable(), net.add(tax), null, "credit memo to " + customer.id() + " for " + rmaId);
        return Documents.commercial(event, DocumentKind.CREDIT_MEMO, "CREDIT_MEMO", entity, currency, customer.id(),
                orderId, lines, journal.lines());
    }

    private static List<FinanceDocument> dispositionJournals(CanonicalEvent event, String entity, String currency,
                                                             String rmaId, List<ReturnedLine> returned,
                                                             AccountMap.Return accounts) {
        Map<String, JournalBuilder> byDisposition = new LinkedHashMap<>();
        for (ReturnedLine r : returned) {
            BigDecimal cost = Money.lineAmount(r.quantity(), r.item().standardCost());
            String memo = rmaId + " " + r.disposition() + ": " + Money.plain(r.quantity()) + " " + r.item().baseUom()
                    + " x standard cost " + Money.plain(r.item().standardCost());
            byDisposition.computeIfAbsent(r.disposition(), d -> new JournalBuilder())
                    .debit(accounts.dispositions().get(r.disposition()), cost, r.item().sku(), memo)
                    .credit(accounts.costOfGoodsSold(), cost, r.item().sku(), memo);
        }
        List<FinanceDocument> journals = new ArrayList<>();
        byDisposition.forEach((disposition, journal) -> journals.add(Documents.journal(event,
                journalKind(disposition), entity, currency, null, rmaId, journal.lines())));
        return journals;
    }

    /** RETURN_RESTOCK, RETURN_SCRAP, RETURN_VENDOR (VENDOR_RETURN); a configured extra one: RETURN_<disposition>. */
    static String journalKind(String disposition) {
        return "VENDOR_RETURN".equals(disposition) ? "RETURN_VENDOR" : "RETURN_" + disposition;
    }
}
