package io.dock2ledger.masterdata;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Master data read from the master-data tables, one indexed query per key and cached (Caffeine, bounded size,
 * entries expire after {@code ttl}) so the hot path of the pipeline does not touch the database for every line.
 * {@link #invalidate()} after a reload makes changes visible at once.
 */
public class JdbcMasterData implements MasterData {

    private final JdbcTemplate jdbc;
    private final Cache<String, Object> cache;

    public JdbcMasterData(JdbcTemplate jdbc, Duration ttl, long maximumEntries) {
        this.jdbc = jdbc;
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(maximumEntries)
                .recordStats()
                .build();
    }

    public void invalidate() {
        cache.invalidateAll();
    }

    @Override
    public Optional<Item> item(String sku) {
        return one("item", sku, () -> jdbc.query(
                "select sku, description, base_uom, standard_cost, weight_kg, tax_code from md_item where sku = ?",
                (rs, n) -> new Item(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
                        rs.getBigDecimal(5), rs.getString(6)), sku));
    }

    @Override
    public Optional<String> skuForPartnerItem(String partner, String partnerItem) {
        return one("xref", partner + '|' + partnerItem, () -> jdbc.query(
                "select sku from md_partner_item_xref where partner = ? and partner_item = ?",
                (rs, n) -> rs.getString(1), partner, partnerItem));
    }

    @Override
    public Optional<String> partnerItemForSku(String partner, String sku) {
        return one("xref-by-sku", partner + '|' + sku, () -> jdbc.query(
                "select partner_item from md_partner_item_xref where partner = ? and sku = ? order by partner_item",
                (rs, n) -> rs.getString(1), partner, sku));
    }

    @Override
    public Optional<BigDecimal> baseUnitsPer(String sku, String uom) {
        Optional<Item> item = item(sku);
        if (item.isPresent() && item.get().baseUom().equals(uom)) {
            return Optional.of(BigDecimal.ONE);
        }
        return one("uom", sku + '|' + uom, () -> jdbc.query(
                "select base_units from md_uom_conversion where sku = ? and uom = ?",
                (rs, n) -> rs.getBigDecimal(1), sku, uom));
    }

    @Override
    public Optional<Warehouse> warehouse(String code) {
        return one("warehouse", code, () -> jdbc.query(WAREHOUSE_SELECT + " where warehouse = ?", WAREHOUSE, code));
    }

    @Override
    public Optional<Warehouse> warehouseForPartnerLocation(String partner, String locationCode) {
        return one("location", partner + '|' + locationCode, () -> jdbc.query(
                WAREHOUSE_SELECT + " where operator = ? and partner_location_code = ?", WAREHOUSE, partner, locationCode));
    }

    @Override
    public Optional<LegalEntity> entity(String id) {
        return one("entity", id, () -> jdbc.query("select entity, name, currency from md_entity where entity = ?",
                (rs, n) -> new LegalEntity(rs.getString(1), rs.getString(2), rs.getString(3)), id));
    }

    @Override
    public Optional<Customer> customer(String id) {
        return one("customer", id, () -> jdbc.query(
                "select customer, name, currency, tax_region from md_customer where customer = ?",
                (rs, n) -> new Customer(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), id));
    }

    @Override
    public Optional<Supplier> supplier(String id) {
        return one("supplier", id, () -> jdbc.query("select supplier, name, currency from md_supplier where supplier = ?",
                (rs, n) -> new Supplier(rs.getString(1), rs.getString(2), rs.getString(3)), id));
    }

    @Override
    public Optional<BigDecimal> taxRate(String taxRegion, String taxCode) {
        return one("tax", taxRegion + '|' + taxCode, () -> jdbc.query(
                "select rate from md_tax_rate where tax_region = ? and tax_code = ?",
                (rs, n) -> rs.getBigDecimal(1), taxRegion, taxCode));
    }

    @Override
    public List<SalesOrderLine> salesOrder(String orderId) {
        return many("so", orderId, () -> jdbc.query(
                "select order_id, line_no, entity, customer, sku, qty_ordered, uom, unit_price, currency "
                        + "from md_sales_order_line where order_id = ? order by line_no",
                (rs, n) -> new SalesOrderLine(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getBigDecimal(6), rs.getString(7), rs.getBigDecimal(8), rs.getString(9)),
                orderId));
    }

    @Override
    public List<PurchaseOrderLine> purchaseOrder(String poId) {
        return many("po", poId, () -> jdbc.query(
                "select po_id, line_no, entity, supplier, sku, qty_ordered, uom, unit_cost, currency "
                        + "from md_purchase_order_line where po_id = ? order by line_no",
                (rs, n) -> new PurchaseOrderLine(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getBigDecimal(6), rs.getString(7), rs.getBigDecimal(8), rs.getString(9)),
                poId));
    }

    @Override
    public Optional<ReturnAuthorization> returnAuthorization(String rmaId) {
        return one("rma", rmaId, () -> jdbc.query(
                "select rma_id, order_id, order_line_no, sku, qty_authorized, uom from md_return_authorization where rma_id = ?",
                (rs, n) -> new ReturnAuthorization(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                        rs.getBigDecimal(5), rs.getString(6)), rmaId));
    }

    @Override
    public Optional<GlAccount> account(String account) {
        return one("account", account, () -> jdbc.query("select account, name, type from md_gl_account where account = ?",
                (rs, n) -> new GlAccount(rs.getString(1), rs.getString(2), rs.getString(3)), account));
    }

    @Override
    public List<FiscalPeriod> fiscalPeriods(String entity) {
        return many("periods", entity, () -> jdbc.query(
                "select entity, period, status from md_fiscal_period where entity = ? order by period",
                (rs, n) -> new FiscalPeriod(rs.getString(1), YearMonth.parse(rs.getString(2).trim()), rs.getString(3)),
                entity));
    }

    private static final String WAREHOUSE_SELECT =
            "select warehouse, entity, operator, partner_location_code, name, time_zone from md_warehouse";
    private static final RowMapper<Warehouse> WAREHOUSE = (rs, n) -> new Warehouse(rs.getString(1), rs.getString(2),
            rs.getString(3), rs.getString(4), rs.getString(5), ZoneId.of(rs.getString(6)));

    @SuppressWarnings("unchecked")
    private <T> Optional<T> one(String kind, String key, Query<T> query) {
        return (Optional<T>) cache.get(kind + ':' + key, k -> query.run().stream().findFirst());
    }

    @SuppressWarnings("unchecked")
    private <T> List<T> many(String kind, String key, Query<T> query) {
        return (List<T>) cache.get(kind + ':' + key, k -> List.copyOf(query.run()));
    }

    /** One master-data query, run on a cache miss. */
    @FunctionalInterface
    private interface Query<T> {
        List<T> run();
    }
}
