package io.dock2ledger.posting.rules;

import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.masterdata.Customer;
import io.dock2ledger.masterdata.Item;
import io.dock2ledger.masterdata.SalesOrderLine;
import io.dock2ledger.posting.documents.InvoiceLine;
import io.dock2ledger.posting.documents.Money;

import java.math.BigDecimal;

/** Prices base quantities at a sales order line's price and the customer's tax: invoices and credit memos alike. */
final class OrderPricing {

    private final EventFacts facts;

    OrderPricing(EventFacts facts) {
        this.facts = facts;
    }

    InvoiceLine price(CanonicalEvent event, int lineNo, SalesOrderLine orderLine, Item item, Customer customer,
                      BigDecimal baseQuantity) {
        BigDecimal per = facts.baseUnitsPer(event, item.sku(), orderLine.uom(),
                orderLine.orderId() + " line " + orderLine.lineNo());
        BigDecimal net = Money.lineAmount(baseQuantity, orderLine.unitPrice(), per);
        BigDecimal rate = facts.taxRate(event, customer, item);
        return new InvoiceLine(lineNo, item.sku(), baseQuantity, item.baseUom(),
                UnitConversion.perBaseUnit(orderLine.unitPrice(), per), net, rate, Money.tax(net, rate),
                orderLine.lineNo());
    }
}
