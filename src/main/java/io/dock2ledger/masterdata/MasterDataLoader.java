package io.dock2ledger.masterdata;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Loads the seed files of {@code config/masterdata/} into the master-data tables. Each load replaces the tables'
 * contents in one transaction, so loading twice gives the same tables (idempotent) and a broken seed file
 * changes nothing. In production the same tables are fed from the ERP instead.
 */
public class MasterDataLoader {

    private static final Logger log = LoggerFactory.getLogger(MasterDataLoader.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public MasterDataLoader(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    public void load(MasterDataSeed seed) {
        // Read every file before touching the database: a broken file must fail the load, not half of it.
        Tables tables = new Tables(seed);
        tx.executeWithoutResult(status -> {
            replace("md_item", "sku, description, base_uom, standard_cost, weight_kg, tax_code", tables.items,
                    i -> new Object[]{i.sku(), i.description(), i.baseUom(), i.standardCost(), i.weightKg(), i.taxCode()});
            replace("md_uom_conversion", "sku, uom, base_units", tables.conversions,
                    c -> new Object[]{c.sku(), c.uom(), c.baseUnits()});
            replace("md_partner_item_xref", "partner, partner_item, sku", tables.xrefs,
                    x -> new Object[]{x.partner(), x.partnerItem(), x.sku()});
            replace("md_warehouse", "warehouse, entity, operator, partner_location_code, name, time_zone", tables.warehouses,
                    w -> new Object[]{w.code(), w.entity(), w.operator(), w.partnerLocationCode(), w.name(), w.timeZone().getId()});
            replace("md_entity", "entity, name, currency", tables.entities,
                    e -> new Object[]{e.id(), e.name(), e.currency()});
            replace("md_customer", "customer, name, currency, tax_region", tables.customers,
                    c -> new Object[]{c.id(), c.name(), c.currency(), c.taxRegion()});
            replace("md_supplier", "supplier, name, currency", tables.suppliers,
                    s -> new Object[]{s.id(), s.name(), s.currency()});
            replace("md_tax_rate", "tax_region, tax_code, rate", tables.taxRates,
                    t -> new Object[]{t.taxRegion(), t.taxCode(), t.rate()});
            replace("md_sales_order_line", "order_id, line_no, entity, customer, sku, qty_ordered, uom, unit_price, currency",
                    tables.salesOrderLines, l -> new Object[]{l.orderId(), l.lineNo(), l.entity(), l.customer(), l.sku(),
                            l.quantityOrdered(), l.uom(), l.unitPrice(), l.currency()});
            replace("md_purchase_order_line", "po_id, line_no, entity, supplier, sku, qty_ordered, uom, unit_cost, currency",
                    tables.purchaseOrderLines, l -> new Object[]{l.poId(), l.lineNo(), l.entity(), l.supplier(), l.sku(),
                            l.quantityOrdered(), l.uom(), l.unitCost(), l.currency()});
            replace("md_return_authorization", "rma_id, order_id, order_line_no, sku, qty_authorized, uom", tables.rmas,
                    r -> new Object[]{r.rmaId(), r.orderId(), r.orderLineNo(), r.sku(), r.quantityAuthorized(), r.uom()});
            replace("md_gl_account", "account, name, type", tables.accounts,
                    a -> new Object[]{a.account(), a.name(), a.type()});
            replace("md_fiscal_period", "entity, period, status", tables.periods,
                    p -> new Object[]{p.entity(), p.period().toString(), p.status()});
        });
        log.info("Master data loaded from {}: {} items, {} sales order lines, {} purchase order lines, {} accounts",
                seed.directory(), tables.items.size(), tables.salesOrderLines.size(), tables.purchaseOrderLines.size(),
                tables.accounts.size());
    }

    private <T> void replace(String table, String columns, List<T> rows, Function<T, Object[]> values) {
        jdbc.update("delete from " + table);
        String placeholders = String.join(", ", Collections.nCopies(columns.split(",").length, "?"));
        List<Object[]> batch = new ArrayList<>(rows.size());
        for (T row : rows) {
            batch.add(values.apply(row));
        }
        jdbc.batchUpdate("insert into " + table + " (" + columns + ") values (" + placeholders + ")", batch);
    }

    /** All seed files read up front. */
    private static final class Tables {
        final List<Item> items;
        final List<UomConversion> conversions;
        final List<PartnerItemXref> xrefs;
        final List<Warehouse> warehouses;
        final List<LegalEntity> entities;
        final List<Customer> customers;
        final List<Supplier> suppliers;
        final List<TaxRate> taxRates;
        final List<SalesOrderLine> salesOrderLines;
        final List<PurchaseOrderLine> purchaseOrderLines;
        final List<ReturnAuthorization> rmas;
        final List<GlAccount> accounts;
        final List<FiscalPeriod> periods;

        Tables(MasterDataSeed seed) {
            items = seed.items();
            conversions = seed.uomConversions();
            xrefs = seed.partnerItems();
            warehouses = seed.warehouses();
            entities = seed.entities();
            customers = seed.customers();
            suppliers = seed.suppliers();
            taxRates = seed.taxRates();
            salesOrderLines = seed.salesOrderLines();
            purchaseOrderLines = seed.purchaseOrderLines();
            rmas = seed.returnAuthorizations();
            accounts = seed.accounts();
            periods = seed.fiscalPeriods();
        }
    }
}
