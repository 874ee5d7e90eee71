package io.dock2ledger.masterdata;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * Read access to ERP master data, as the pipeline needs it: one key in, one answer out, cached.
 * The default implementation reads the master-data tables loaded from {@code config/masterdata/}.
 */
public interface MasterData {

    Optional<Item> item(String sku);

    /** The hub SKU a partner's item code stands for (governed cross-reference). */
    Optional<String> skuForPartnerItem(String partner, String partnerItem);

    /** The partner's item code for a hub SKU (the same cross-reference, read the other way: for documents the hub sends). */
    Optional<String> partnerItemForSku(String partner, String sku);

    /** How many base units one {@code uom} of the item is: 1 for the base unit itself; empty if unknown. */
    Optional<BigDecimal> baseUnitsPer(String sku, String uom);

    Optional<Warehouse> warehouse(String code);

    /** The warehouse a partner (3PL) names by its own location code. */
    Optional<Warehouse> warehouseForPartnerLocation(String partner, String locationCode);

    Optional<LegalEntity> entity(String id);

    Optional<Customer> customer(String id);

    Optional<Supplier> supplier(String id);

    /** Tax rate for (customer tax region, item tax code), e.g. 0.08. */
    Optional<BigDecimal> taxRate(String taxRegion, String taxCode);

    /** All lines of a sales order, in line order; empty if the order is unknown. */
    List<SalesOrderLine> salesOrder(String orderId);

    /** All lines of a purchase order, in line order; empty if the PO is unknown. */
    List<PurchaseOrderLine> purchaseOrder(String poId);

    Optional<ReturnAuthorization> returnAuthorization(String rmaId);

    Optional<GlAccount> account(String account);

    /** The periods of an entity, in date order. */
    List<FiscalPeriod> fiscalPeriods(String entity);
}
