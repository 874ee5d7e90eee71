package io.dock2ledger.masterdata;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sync's change detection on a real (H2) database with the seed files loaded: equal data writes nothing, each kind
 * of difference is written and audited once, and a source that fails changes nothing. No ERP: a stand-in source.
 */
class MasterDataSyncTest {

    private JdbcTemplate jdbc;
    private JdbcMasterData cached;
    private MasterDataSync sync;
    private MasterDataSeed seed;

    @BeforeEach
    void seededDatabase() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:md_sync_" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        Flyway.configure().dataSource(h2).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(h2);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(h2));
        seed = new MasterDataSeed(Path.of("config/masterdata"));
        new MasterDataLoader(jdbc, tx).load(seed);
        cached = new JdbcMasterData(jdbc, Duration.ofMinutes(10), 1000);
        sync = new MasterDataSync(jdbc, tx, cached, Clock.systemUTC());
    }

    @Test
    void aSourceEqualToTheTablesChangesNothing() {
        MasterDataSync.Run run = sync.sync(source(snapshotOfTheSeed()), "test");

        assertThat(run.status()).isEqualTo("OK");
        assertThat(run.added() + run.changed() + run.removed()).isZero();
        assertThat(count("md_sync_change")).isZero();
        assertThat(count("md_sync_run")).isEqualTo(1);
    }

    @Test
    void eachDifferenceIsWrittenAndAuditedOnceAndTheCacheSeesIt() {
        assertThat(cached.item("MUG-RED").orElseThrow().standardCost()).isEqualByComparingTo("2.40");
        MasterDataSnapshot seeded = snapshotOfTheSeed();
        List<Item> items = new ArrayList<>();
        for (Item item : seeded.items()) {
            items.add("MUG-RED".equals(item.sku()) ? new Item(item.sku(), item.description(), item.baseUom(),
                    new BigDecimal("2.55"), item.weightKg(), item.taxCode()) : item);
        }
        List<Customer> customers = new ArrayList<>(seeded.customers());
        customers.add(new Customer("CUST-2001", "Pier Street Bakery", "USD", "NY"));
        List<Supplier> suppliers = seeded.suppliers().stream().filter(s -> !"SUP-300".equals(s.id())).toList();

        MasterDataSync.Run run = sync.sync(source(new MasterDataSnapshot(items, customers, suppliers,
                seeded.taxRates())), "test");

        assertThat(run.added()).isEqualTo(1);
        assertThat(run.changed()).isEqualTo(1);
        assertThat(run.removed()).isEqualTo(1);
        assertThat(run.changes()).extracting(c -> c.table() + " " + c.key() + " " + c.change())
                .containsExactlyInAnyOrder("md_item MUG-RED CHANGED", "md_customer CUST-2001 ADDED",
                        "md_supplier SUP-300 REMOVED");
        assertThat(sync.latest(1).get(0).changes()).hasSize(3);
        assertThat(cached.item("MUG-RED").orElseThrow().standardCost()).isEqualByComparingTo("2.55");
        assertThat(cached.supplier("SUP-300")).isEmpty();

        assertThat(sync.sync(source(new MasterDataSnapshot(items, customers, suppliers, seeded.taxRates())), "test")
                .changes()).as("the same data again").isEmpty();
    }

    @Test
    void ordersOfASourceThatHoldsThemAreSyncedLineByLine() {
        MasterDataSnapshot seeded = snapshotOfTheSeed();
        assertThat(cached.salesOrder("SO-50003")).hasSize(2);
        List<SalesOrderLine> sales = new ArrayList<>();
        for (SalesOrderLine line : seed.salesOrderLines()) {
            if ("SO-50003".equals(line.orderId())) {
                continue; // cancelled in the ERP
            }
            sales.add(line.orderId().equals("SO-50001") && line.lineNo() == 2
                    ? new SalesOrderLine(line.orderId(), 2, line.entity(), line.customer(), line.sku(),
                    new BigDecimal("10"), line.uom(), line.unitPrice(), line.currency()) : line);
        }
        sales.add(new SalesOrderLine("SO-60001", 1, "US01", "CUST-1001", "MUG-BLU", new BigDecimal("36"), "EA",
                new BigDecimal("4.95"), "USD"));
        List<PurchaseOrderLine> purchases = new ArrayList<>(seed.purchaseOrderLines());
        purchases.add(new PurchaseOrderLine("PO-70001", 3, "US01", "SUP-200", "KETTLE-1L", new BigDecimal("12"), "EA",
                new BigDecimal("14.50"), "USD"));
        MasterDataSnapshot withOrders = new MasterDataSnapshot(seeded.items(), seeded.customers(), seeded.suppliers(),
                seeded.taxRates(), sales, purchases);

        MasterDataSync.Run run = sync.sync(source(withOrders), "test");

        assertThat(run.changes()).extracting(c -> c.table() + " " + c.key() + " " + c.change())
                .containsExactlyInAnyOrder("md_sales_order_line SO-50001|2 CHANGED",
                        "md_sales_order_line SO-60001|1 ADDED", "md_sales_order_line SO-50003|1 REMOVED",
                        "md_sales_order_line SO-50003|2 REMOVED", "md_purchase_order_line PO-70001|3 ADDED");
        assertThat(run.changes()).filteredOn(c -> c.key().equals("SO-50001|2")).singleElement()
                .satisfies(c -> {
                    assertThat(c.before()).contains("qty_ordered=8");
                    assertThat(c.after()).contains("qty_ordered=10");
                });
        assertThat(cached.salesOrder("SO-60001")).singleElement()
                .satisfies(l -> assertThat(l.quantityOrdered()).isEqualByComparingTo("36"));
        assertThat(cached.salesOrder("SO-50003")).isEmpty();
        assertThat(cached.purchaseOrder("PO-70001")).hasSize(3);
        assertThat(sync.sync(source(withOrders), "test").changes()).as("the same orders again").isEmpty();

        // a source without orders leaves the order tables alone
        assertThat(sync.sync(source(seeded), "test").changes()).isEmpty();
        assertThat(cached.salesOrder("SO-60001")).hasSize(1);
    }

    @Test
    void aFailingSourceChangesNothingAndIsAudited() {
        MasterDataSource down = new MasterDataSource() {
            @Override
            public String name() {
                return "erp";
            }

            @Override
            public MasterDataSnapshot fetch() {
                throw new IllegalStateException("connection refused");
            }
        };

        MasterDataSync.Run run = sync.sync(down, "test");

        assertThat(run.status()).isEqualTo("FAILED");
        assertThat(run.detail()).contains("connection refused");
        assertThat(count("md_item")).isEqualTo(seed.items().size());
        assertThat(count("md_customer")).isEqualTo(seed.customers().size());
    }

    private MasterDataSnapshot snapshotOfTheSeed() {
        return new MasterDataSnapshot(seed.items(), seed.customers(), seed.suppliers(), seed.taxRates());
    }

    private static MasterDataSource source(MasterDataSnapshot snapshot) {
        return new MasterDataSource() {
            @Override
            public String name() {
                return "stand-in";
            }

            @Override
            public MasterDataSnapshot fetch() {
                return snapshot;
            }
        };
    }

    private int count(String table) {
        Integer n = jdbc.queryForObject("select count(*) from " + table, Integer.class);
        return n == null ? 0 : n;
    }
}
