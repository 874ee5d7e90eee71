package io.dock2ledger.masterdata;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Brings the master-data tables to what a {@link MasterDataSource} (the ERP) holds, and keeps an audit of it.
 * <p>
 * The source is read completely before anything is written; then, in one transaction, each table's rows are compared
 * with the source's by key and only the differences are written: a row the source has and the table lacks is ADDED,
 * one whose values differ is CHANGED, one the source no longer has is REMOVED. Each difference is a row of
 * {@code md_sync_change} (before and after) under one {@code md_sync_run}; a sync that finds nothing different writes
 * a run with zero counts and nothing else. The cache of {@link JdbcMasterData} is invalidated after a change, so
 * enrichment sees the ERP's data without ever calling the ERP per event.
 */
public class MasterDataSync {

    private static final Logger log = LoggerFactory.getLogger(MasterDataSync.class);

    /** One difference found. */
    public record Change(String table, String key, String change, String before, String after) {
    }

    /** One sync, as audited. */
    public record Run(long id, String source, String trigger, String status, int added, int changed, int removed,
                      List<Change> changes, String detail) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final JdbcMasterData cache;
    private final Clock clock;

    public MasterDataSync(JdbcTemplate jdbc, TransactionTemplate tx, JdbcMasterData cache, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.cache = cache;
        this.clock = clock;
    }

    /** Fetches from the source and applies the differences; a source that fails leaves the tables as they were. */
    public synchronized Run sync(MasterDataSource source, String trigger) {
        Timestamp started = Timestamp.from(clock.instant());
        MasterDataSnapshot snapshot;
        try {
            snapshot = source.fetch();
        } catch (RuntimeException e) {
            long id = audit(source.name(), trigger, started, "FAILED", List.of(), String.valueOf(e.getMessage()));
            log.warn("Master-data sync from {} failed, nothing changed: {}", source.name(), e.toString());
            return new Run(id, source.name(), trigger, "FAILED", 0, 0, 0, List.of(), String.valueOf(e.getMessage()));
        }
        List<Change> changes = tx.execute(status -> {
            List<Change> found = new ArrayList<>();
            found.addAll(apply("md_item", List.of("sku"),
                    List.of("description", "base_uom", "standard_cost", "weight_kg", "tax_code"),
                    snapshot.items(), i -> row("sku", i.sku(), "description", i.description(), "base_uom", i.baseUom(),
                            "standard_cost", i.standardCost(), "weight_kg", i.weightKg(), "tax_code", i.taxCode())));
            found.addAll(apply("md_customer", List.of("customer"), List.of("name", "currency", "tax_region"),
                    snapshot.customers(), c -> row("customer", c.id(), "name", c.name(), "currency", c.currency(),
                            "tax_region", c.taxRegion())));
            found.addAll(apply("md_supplier", List.of("supplier"), List.of("name", "currency"),
                    snapshot.suppliers(), s -> row("supplier", s.id(), "name", s.name(), "currency", s.currency())));
            found.addAll(apply("md_tax_rate", List.of("tax_region", "tax_code"), List.of("rate"),
                    snapshot.taxRates(), t -> row("tax_region", t.taxRegion(), "tax_code", t.taxCode(), "rate", t.rate())));
            if (snapshot.holdsOrders()) {
                found.addAll(apply("md_sales_order_line", List.of("order_id", "line_no"),
                        List.of("entity", "customer", "sku", "qty_ordered", "uom", "unit_price", "currency"),
                        snapshot.salesOrderLines(), l -> row("order_id", l.orderId(), "line_no", l.lineNo(),
                                "entity", l.entity(), "customer", l.customer(), "sku", l.sku(),
                                "qty_ordered", l.quantityOrdered(), "uom", l.uom(), "unit_price", l.unitPrice(),
                                "currency", l.currency())));
                found.addAll(apply("md_purchase_order_line", List.of("po_id", "line_no"),
                        List.of("entity", "supplier", "sku", "qty_ordered", "uom", "unit_cost", "currency"),
                        snapshot.purchaseOrderLines(), l -> row("po_id", l.poId(), "line_no", l.lineNo(),
                                "entity", l.entity(), "supplier", l.supplier(), "sku", l.sku(),
                                "qty_ordered", l.quantityOrdered(), "uom", l.uom(), "unit_cost", l.unitCost(),
                                "currency", l.currency())));
            }
            return found;
        });
        String detail = changes.isEmpty() ? "no differences" : null;
        long id = audit(source.name(), trigger, started, "OK", changes, detail);
        if (!changes.isEmpty()) {
            cache.invalidate();
        }
        Run run = new Run(id, source.name(), trigger, "OK", count(changes, "ADDED"), count(changes, "CHANGED"),
                count(changes, "REMOVED"), changes, detail);
        log.info("Master-data sync {} from {} ({}): {} added, {} changed, {} removed", id, source.name(), trigger,
                run.added(), run.changed(), run.removed());
        return run;
    }

    /** The latest runs, newest first, with their changes. */
    public List<Run> latest(int limit) {
        return jdbc.query("""
                select id, source, trigger_by, status, added, changed, removed, detail from md_sync_run
                order by id desc fetch first ? rows only""",
                (rs, n) -> new Run(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        rs.getInt(6), rs.getInt(7), changes(rs.getLong(1)), rs.getString(8)), limit);
    }

    private List<Change> changes(long run) {
        return jdbc.query("select table_name, row_key, change, before_row, after_row from md_sync_change "
                        + "where run_id = ? order by id",
                (rs, n) -> new Change(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)), run);
    }

    private <T> List<Change> apply(String table, List<String> keyColumns, List<String> valueColumns, List<T> wanted,
                                   Function<T, Map<String, Object>> toRow) {
        List<String> columns = new ArrayList<>(keyColumns);
        columns.addAll(valueColumns);
        Map<String, Map<String, Object>> current = new LinkedHashMap<>();
        jdbc.query("select " + String.join(", ", columns) + " from " + table, rs -> {
            Map<String, Object> values = new LinkedHashMap<>();
            for (String column : columns) {
                values.put(column, rs.getObject(column));
            }
            current.put(key(values, keyColumns), values);
        });
        Map<String, Map<String, Object>> target = new LinkedHashMap<>();
        wanted.forEach(row -> {
            Map<String, Object> values = toRow.apply(row);
            target.put(key(values, keyColumns), values);
        });
        List<Change> changes = new ArrayList<>();
        String where = String.join(" and ", keyColumns.stream().map(c -> c + " = ?").toList());
        target.forEach((key, values) -> {
            Map<String, Object> before = current.get(key);
            if (before == null) {
                jdbc.update("insert into " + table + " (" + String.join(", ", columns) + ") values ("
                        + String.join(", ", columns.stream().map(c -> "?").toList()) + ")",
                        columns.stream().map(values::get).toArray());
                changes.add(new Change(table, key, "ADDED", null, text(values)));
            } else if (!sameValues(before, values, valueColumns)) {
                List<Object> args = new ArrayList<>(valueColumns.stream().map(values::get).toList());
                keyColumns.forEach(c -> args.add(values.get(c)));
                jdbc.update("update " + table + " set " + String.join(", ", valueColumns.stream().map(c -> c + " = ?")
                        .toList()) + " where " + where, args.toArray());
                changes.add(new Change(table, key, "CHANGED", text(before), text(values)));
            }
        });
        current.forEach((key, before) -> {
            if (!target.containsKey(key)) {
                jdbc.update("delete from " + table + " where " + where,
                        keyColumns.stream().map(before::get).toArray());
                changes.add(new Change(table, key, "REMOVED", text(before), null));
            }
        });
        return changes;
    }

    private long audit(String source, String trigger, Timestamp started, String status, List<Change> changes,
                       String detail) {
        return tx.execute(s -> {
            org.springframework.jdbc.support.GeneratedKeyHolder key = new org.springframework.jdbc.support.GeneratedKeyHolder();
            jdbc.update(connection -> {
                var ps = connection.prepareStatement("""
                        insert into md_sync_run (source, trigger_by, started_at, finished_at, status, added, changed,
                            removed, detail) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", new String[]{"id"});
                ps.setString(1, source);
                ps.setString(2, trigger);
                ps.setTimestamp(3, started);
                ps.setTimestamp(4, Timestamp.from(clock.instant()));
                ps.setString(5, status);
                ps.setInt(6, count(changes, "ADDED"));
                ps.setInt(7, count(changes, "CHANGED"));
                ps.setInt(8, count(changes, "REMOVED"));
                ps.setString(9, detail == null ? null : detail.length() > 4000 ? detail.substring(0, 4000) : detail);
                return ps;
            }, key);
            long id = key.getKey().longValue();
            jdbc.batchUpdate("insert into md_sync_change (run_id, table_name, row_key, change, before_row, after_row) "
                            + "values (?, ?, ?, ?, ?, ?)",
                    changes.stream().map(c -> new Object[]{id, c.table(), c.key(), c.change(), c.before(), c.after()})
                            .toList());
            return id;
        });
    }

    private static boolean sameValues(Map<String, Object> a, Map<String, Object> b, List<String> columns) {
        for (String column : columns) {
            Object x = a.get(column);
            Object y = b.get(column);
            if (x instanceof BigDecimal dx && y instanceof BigDecimal dy) {
                if (dx.compareTo(dy) != 0) {
                    return false;
                }
            } else if (!Objects.equals(x == null ? null : x.toString().trim(), y == null ? null : y.toString().trim())) {
                return false;
            }
        }
        return true;
    }

    private static String key(Map<String, Object> values, List<String> keyColumns) {
        return String.join("|", keyColumns.stream().map(c -> String.valueOf(values.get(c)).trim()).toList());
    }

    private static String text(Map<String, Object> values) {
        Map<String, String> text = new LinkedHashMap<>();
        values.forEach((k, v) -> text.put(k, v instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString()
                : v == null ? null : v.toString().trim()));
        String s = text.toString();
        return s.length() > 4000 ? s.substring(0, 4000) : s;
    }

    private static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return row;
    }

    private static int count(List<Change> changes, String change) {
        return (int) changes.stream().filter(c -> c.change().equals(change)).count();
    }
}
