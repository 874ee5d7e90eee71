package io.dock2ledger.masterdata;

import java.util.List;

/**
 * The master data an ERP owns, read at one time: items with their standard costs, customers, suppliers, tax rates
 * and, where the ERP holds them, its sales and purchase orders (every line of each order it has confirmed). What the
 * ERP does not hold (units of measure, partner cross-references, warehouses, return authorisations) stays as the
 * seed files loaded it.
 *
 * @param salesOrderLines    null: the source holds no orders, and the order tables are left as they are
 * @param purchaseOrderLines null when {@code salesOrderLines} is
 */
public record MasterDataSnapshot(List<Item> items, List<Customer> customers, List<Supplier> suppliers,
                                 List<TaxRate> taxRates, List<SalesOrderLine> salesOrderLines,
                                 List<PurchaseOrderLine> purchaseOrderLines) {

    public MasterDataSnapshot {
        items = List.copyOf(items);
        customers = List.copyOf(customers);
        suppliers = List.copyOf(suppliers);
        taxRates = List.copyOf(taxRates);
        if ((salesOrderLines == null) != (purchaseOrderLines == null)) {
            throw new IllegalArgumentException("a source holds both sales and purchase orders, or neither");
        }
        salesOrderLines = salesOrderLines == null ? null : List.copyOf(salesOrderLines);
        purchaseOrderLines = purchaseOrderLines == null ? null : List.copyOf(purchaseOrderLines);
    }

    /** A source that holds no orders. */
    public MasterDataSnapshot(List<Item> items, List<Customer> customers, List<Supplier> suppliers,
                              List<TaxRate> taxRates) {
        this(items, customers, suppliers, taxRates, null, null);
    }

    /** Whether the source's orders replace the order tables. */
    public boolean holdsOrders() {
        return salesOrderLines != null;
    }
}
