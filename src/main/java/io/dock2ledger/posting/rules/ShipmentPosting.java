package io.dock2ledger.posting.rules;

import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.EventLine;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.masterdata.Customer;
import io.dock2ledger.masterdata.Item;
import io.dock2ledger.masterdata.SalesOrderLine;
import io.dock2ledger.posting.documents.DocumentKind;
import io.dock2ledger.posting.documents.FinanceDocument;
import io.dock2ledger.posting.documents.InvoiceLine;
import io.dock2ledger.posting.documents.Money;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * shipment.confirmed: an AR invoice for the shipped base quantity at the order price (with its AR journal) and a
 * COGS journal at standard cost. Shipping more than an order line's open quantity stops the whole document.
 */
final class ShipmentPosting implements EventRule {

    private final EventFacts facts;
    private final OrderPricing pricing;
    private final RuleBook rules;
    private final PostingState state;

    ShipmentPosting(EventFacts facts, RuleBook rules, PostingState state) {
        this.facts = facts;
        this.pricing = new OrderPricing(facts);
        this.rules = rules;
        this.state = state;
    }

    @Override
    public RuleResult evaluate(CanonicalEvent event) {
        String document = EventFacts.document(event);
        String orderId = event.references().order();
        if (orderId == null) {
            throw PostingStop.rejected(ExceptionCategory.UNKNOWN_ORDER, document + " does not name its sales order");
        }
        List<SalesOrderLine> order = facts.masterData().salesOrder(orderId);
        if (order.isEmpty()) {
            throw PostingStop.rejected(ExceptionCategory.UNKNOWN_ORDER,
                    document + " ships against sales order " + orderId + ", which master data does not know");
        }
        Customer customer = facts.customer(event, orderId, order.get(0).customer());
        String entity = facts.warehouse(event).entity();
        AccountMap.Shipment accounts = rules.forEntity(entity).shipment();

        List<InvoiceLine> invoiceLines = new ArrayList<>();
        Map<SalesOrderLine, BigDecimal> shippedPerOrderLine = new LinkedHashMap<>();
        Map<SalesOrderLine, Item> items = new LinkedHashMap<>();
        for (int i = 0; i < event.lines().size(); i++) {
            EventLine line = event.lines().get(i);
            Item item = facts.item(event, line, i);
            BigDecimal quantity = facts.positiveBaseQuantity(event, line, i, item);
            if (quantity.signum() == 0) {
                continue; // a line the partner reports as not shipped
            }
            int index = i;
            SalesOrderLine orderLine = EventFacts.matchOrderLine(order, line, SalesOrderLine::sku, SalesOrderLine::lineNo)
                    .orElseThrow(() -> PostingStop.rejected(ExceptionCategory.UNKNOWN_ORDER,
                            EventFacts.line(event, line, index) + " ships " + item.sku() + ", but sales order "
                                    + orderId + " has no line for it"));
            shippedPerOrderLine.merge(orderLine, quantity, BigDecimal::add);
            items.put(orderLine, item);
            invoiceLines.add(pricing.price(event, invoiceLines.size() + 1, orderLine, item, customer, quantity));
        }
        if (invoiceLines.isEmpty()) {
            return RuleResult.nothingToPost(document + " reports no shipped quantity on sales order " + orderId);
        }
        // Lines are locked (in the database, all in one read) and checked in line order, so two postings never wait
        // on each other.
        Map<Integer, BigDecimal> shippedPerLineNo = new LinkedHashMap<>();
        shippedPerOrderLine.forEach((orderLine, quantity) -> shippedPerLineNo.put(orderLine.lineNo(), quantity));
        Map<Integer, PostingState.OrderLineProgress> progress = state.orderLines(orderId, shippedPerLineNo.keySet());
        shippedPerOrderLine.entrySet().stream()
                .sorted(Comparator.comparingInt(e -> e.getKey().lineNo()))
                .forEach(e -> checkOpenQuantity(event, e.getKey(), items.get(e.getKey()), e.getValue(),
                        progress.get(e.getKey().lineNo()).shipped()));

        String currency = order.get(0).currency();
        List<FinanceDocument> documents = new ArrayList<>();
        documents.add(invoice(event, entity, currency, customer, orderId, invoiceLines, accounts));
        JournalBuilder cogs = new JournalBuilder();
        for (InvoiceLine line : invoiceLines) {
            Item item = facts.masterData().item(line.sku()).orElseThrow();
            BigDecimal cost = Money.lineAmount(line.quantity(), item.standardCost());
            String memo = "standard cost " + Money.plain(line.quantity()) + " " + line.uom() + " x "
                    + Money.plain(item.standardCost());
            cogs.debit(accounts.costOfGoodsSold(), cost, line.sku(), memo);
            cogs.credit(accounts.inventory(), cost, line.sku(), memo);
        }
        documents.add(Documents.journal(event, "COGS", entity, currency, customer.id(), orderId, cogs.lines()));
        return RuleResult.postedIfAnyMoney(documents, () -> state.addShipped(orderId, shippedPerLineNo),
                document + " ships quantities of " + orderId + " whose amounts all round to 0.00; nothing to book");
    }

    private void checkOpenQuantity(CanonicalEvent event, SalesOrderLine orderLine, Item item, BigDecimal quantity,
                                   BigDecimal shipped) {
        BigDecimal per = facts.baseUnitsPer(event, item.sku(), orderLine.uom(),
                orderLine.orderId() + " line " + orderLine.lineNo());
        BigDecimal ordered = UnitConversion.toBase(orderLine.quantityOrdered(), per);
        BigDecimal open = ordered.subtract(shipped).max(BigDecimal.ZERO);
        if (quantity.compareTo(open) > 0) {
            String uom = item.baseUom();
            throw PostingStop.rejected(ExceptionCategory.OVER_SHIPMENT, EventFacts.document(event) + " ships "
                    + Money.plain(quantity) + " " + uom + " of " + orderLine.orderId() + " line " + orderLine.lineNo()
                    + " but only " + Money.plain(open) + " " + uom + " are open (" + Money.plain(ordered)
                    + " ordered, " + Money.plain(shipped) + " shipped)");
        }
    }

    private static FinanceDocument invoice(CanonicalEvent event, String entity, String currency, Customer customer,
                                           String orderId, List<InvoiceLine> lines, AccountMap.Shipment accounts) {
        JournalBuilder journal = new JournalBuilder();
        BigDecimal net = lines.stream().map(InvoiceLine::net).reduce(Money.zero(), BigDecimal::add);
        BigDecimal tax = lines.stream().map(InvoiceLine::tax).reduce(Money.zero(), BigDecimal::add);
        journal.debit(accounts.receivable(), net.add(tax), null, "invoice to " + customer.id() + " for " + orderId);
        for (InvoiceLine line : lines) {
            journal.credit(accounts.revenue(), line.net(), line.sku(),
                    orderId + " line " + line.orderLineNo() + ": " + Money.plain(line.quantity()) + " " + line.uom()
                            + " x " + Money.plain(line.unitPrice()));
        }
        journal.credit(accounts.taxPayable(), tax, null, "sales tax");
        return Documents.commercial(event, DocumentKind.INVOICE, "AR_INVOICE", entity, currency, customer.id(),
                orderId, lines, journal.lines());
    }
}
