package io.dock2ledger.masterdata;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Master data held in memory, straight from the seed files: for the mapping command (no database) and for
 * tests of plain-Java logic. The hub itself uses {@link JdbcMasterData}.
 */
public final class InMemoryMasterData implements MasterData {

    private final Map<String, Item> items;
    private final Map<String, BigDecimal> conversions;
    private final Map<String, String> xref;
    private final Map<String, Warehouse> warehouses;
    private final Map<String, LegalEntity> entities;
    private final Map<String, Customer> customers;
    private final Map<String, Supplier> suppliers;
    private final Map<String, BigDecimal> taxRates;
    private final Map<String, List<SalesOrderLine>> salesOrders;
    private final Map<String, List<PurchaseOrderLine>> purchaseOrders;
    private final Map<String, ReturnAuthorization> rmas;
    private final Map<String, GlAccount> accounts;
    private final Map<String, List<FiscalPeriod>> periods;

    public InMemoryMasterData(MasterDataSeed seed) {
        items = index(seed.items(), Item::sku);
        conversions = seed.uomConversions().stream()
                .collect(Collectors.toUnmodifiableMap(c -> key(c.sku(), c.uom()), UomConversion::baseUnits));
        xref = seed.partnerItems().stream()
                .collect(Collectors.toUnmodifiableMap(x -> key(x.partner(), x.partnerItem()), PartnerItemXref::sku));
        warehouses = index(seed.warehouses(), Warehouse::code);
        entities = index(seed.entities(), LegalEntity::id);
        customers = index(seed.customers(), Customer::id);
        suppliers = index(seed.suppliers(), Supplier::id);
        taxRates = seed.taxRates().stream()
                .collect(Collectors.toUnmodifiableMap(t -> key(t.taxRegion(), t.taxCode()), TaxRate::rate));
        salesOrders = seed.salesOrderLines().stream()
                .sorted(Comparator.comparingInt(SalesOrderLine::lineNo))
                .collect(Collectors.groupingBy(SalesOrderLine::orderId, Collectors.toUnmodifiableList()));
        purchaseOrders = seed.purchaseOrderLines().stream()
                .sorted(Comparator.comparingInt(PurchaseOrderLine::lineNo))
                .collect(Collectors.groupingBy(PurchaseOrderLine::poId, Collectors.toUnmodifiableList()));
        rmas = index(seed.returnAuthorizations(), ReturnAuthorization::rmaId);
        accounts = index(seed.accounts(), GlAccount::account);
        periods = seed.fiscalPeriods().stream()
                .sorted(Comparator.comparing(FiscalPeriod::period))
                .collect(Collectors.groupingBy(FiscalPeriod::entity, Collectors.toUnmodifiableList()));
    }

    @Override
    public Optional<Item> item(String sku) {
        return Optional.ofNullable(items.get(sku));
    }

    @Override
    public Optional<String> skuForPartnerItem(String partner, String partnerItem) {
        return Optional.ofNullable(xref.get(key(partner, partnerItem)));
    }

    @Override
    public Optional<String> partnerItemForSku(String partner, String sku) {
        String prefix = key(partner, "");
        return xref.entrySet().stream()
                .filter(e -> e.getValue().equals(sku) && e.getKey().startsWith(prefix))
                .map(e -> e.getKey().substring(prefix.length())).sorted().findFirst();
    }

    @Override
    public Optional<BigDecimal> baseUnitsPer(String sku, String uom) {
        Item item = items.get(sku);
        if (item != null && item.baseUom().equals(uom)) {
            return Optional.of(BigDecimal.ONE);
        }
        return Optional.ofNullable(conversions.get(key(sku, uom)));
    }

    @Override
    public Optional<Warehouse> warehouse(String code) {
        return Optional.ofNullable(warehouses.get(code));
    }

    @Override
    public Optional<Warehouse> warehouseForPartnerLocation(String partner, String locationCode) {
        return warehouses.values().stream()
                .filter(w -> partner.equals(w.operator()) && locationCode.equals(w.partnerLocationCode()))
                .findFirst();
    }

    @Override
    public Optional<LegalEntity> entity(String id) {
        return Optional.ofNullable(entities.get(id));
    }

    @Override
    public Optional<Customer> customer(String id) {
        return Optional.ofNullable(customers.get(id));
    }

    @Override
    public Optional<Supplier> supplier(String id) {
        return Optional.ofNullable(suppliers.get(id));
    }

    @Override
    public Optional<BigDecimal> taxRate(String taxRegion, String taxCode) {
        return Optional.ofNullable(taxRates.get(key(taxRegion, taxCode)));
    }

    @Override
    public List<SalesOrderLine> salesOrder(String orderId) {
        return salesOrders.getOrDefault(orderId, List.of());
    }

    @Override
    public List<PurchaseOrderLine> purchaseOrder(String poId) {
        return purchaseOrders.getOrDefault(poId, List.of());
    }

    @Override
    public Optional<ReturnAuthorization> returnAuthorization(String rmaId) {
        return Optional.ofNullable(rmas.get(rmaId));
    }

    @Override
    public Optional<GlAccount> account(String account) {
        return Optional.ofNullable(accounts.get(account));
    }

    @Override
    public List<FiscalPeriod> fiscalPeriods(String entity) {
        return periods.getOrDefault(entity, List.of());
    }

    private static <T> Map<String, T> index(List<T> rows, Function<T, String> key) {
        return rows.stream().collect(Collectors.toUnmodifiableMap(key, Function.identity()));
    }

    private static String key(String a, String b) {
        return a + '\u0000' + b;
    }
}
