package io.dock2ledger.masterdata;

import java.util.List;

/**
 * The master data an ERP owns, read at one time: items with their standard costs, customers, suppliers and tax rates.
 * What the ERP does not hold (units of measure, partner cross-references, warehouses, open orders in the demo Tryton)
 * stays as the seed files loaded it.
 */
public record MasterDataSnapshot(List<Item> items, List<Customer> customers, List<Supplier> suppliers,
                                 List<TaxRate> taxRates) {

    public MasterDataSnapshot {
        items = List.copyOf(items);
        customers = List.copyOf(customers);
        suppliers = List.copyOf(suppliers);
        taxRates = List.copyOf(taxRates);
    }
}
