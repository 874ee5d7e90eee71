package io.dock2ledger.posting.store;

import io.dock2ledger.posting.rules.PostingState;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Posting state in the hub database (tables of {@code V2__posting_state.sql}). Every method joins the caller's
 * transaction (Spring's JdbcTemplate uses the transaction-bound connection), so the state commits or rolls back
 * with the finance documents.
 * <p>
 * Concurrency: the reads the checks depend on ({@link #orderLines}, {@link #creditedUnderRma},
 * {@link #transferLeg}) take the row with {@code SELECT ... FOR UPDATE} (order lines on H2: an update that changes
 * nothing, then a read; see lockOrderLines). We lock on read rather than rely on a
 * conditional UPDATE because one document checks several lines (and a return checks both its order line and its
 * RMA) before it writes any of them: with a conditional UPDATE per line, line 1 could be written and line 2 then
 * fail, leaving a half-applied shipment; with the locks held, a second hub instance posting against the same
 * order line waits until the first commits and then sees its quantities, so two instances can never both ship
 * the last open units. A row seen for the first time is created with {@code INSERT ... ON CONFLICT DO NOTHING}
 * (H2 and PostgreSQL) and then locked. Rules lock order lines in line order to avoid deadlocks. The writes are
 * still guarded: an update that touches no row fails loudly instead of losing a quantity.
 */
public final class JdbcPostingState implements PostingState {

    private final NamedParameterJdbcTemplate jdbc;
    /**
     * Whether the database is H2 (lockOrderLines), asked of the first connection used: asking at construction would
     * open the pool, and with it the embedded file, before it is migrated (VendorMigrations).
     */
    private volatile Boolean h2;

    private static final String INSERT_ORDER_LINE = "insert into posting_order_line "
            + "(order_id, line_no, shipped_qty, returned_qty) values (:order, :line, 0, 0) on conflict do nothing";

    public JdbcPostingState(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public OrderLineProgress orderLine(String orderId, int lineNo) {
        return orderLines(orderId, List.of(lineNo)).get(lineNo);
    }

    /**
     * Every line the event touches locked and read at once, in line order, not a statement or two a line (a shipment
     * of two lines: two round trips fewer). Lines never touched are created in one batch ({@code INSERT ... ON
     * CONFLICT DO NOTHING}: two first-time inserts of the same key serialise on the primary key, the second waits for
     * the first to commit, then does nothing) and then all are locked and read again.
     */
    @Override
    public SortedMap<Integer, OrderLineProgress> orderLines(String orderId, Collection<Integer> lineNos) {
        SortedSet<Integer> wanted = new TreeSet<>(lineNos);
        if (wanted.isEmpty()) {
            return new TreeMap<>();
        }
        SortedMap<Integer, OrderLineProgress> locked = lockOrderLines(orderId, wanted);
        if (locked.size() == wanted.size()) {
            return locked;
        }
        jdbc.batchUpdate(INSERT_ORDER_LINE, wanted.stream().filter(lineNo -> !locked.containsKey(lineNo))
                .map(lineNo -> new MapSqlParameterSource("order", orderId).addValue("line", lineNo))
                .toArray(MapSqlParameterSource[]::new));
        SortedMap<Integer, OrderLineProgress> created = lockOrderLines(orderId, wanted);
        if (created.size() != wanted.size()) {
            throw new IllegalStateException("Posting state rows of order " + orderId + " vanished while locking");
        }
        return created;
    }

    /**
     * On PostgreSQL {@code SELECT ... FOR UPDATE}. On H2 an update that changes nothing, then a plain read: H2 never
     * caches a {@code FOR UPDATE} query (2.3's {@code Query.isCacheable}), so it parsed and planned that read again on
     * every call (3.7 % of the posting threads' samples, docs/performance.md, thirty-fourth pass), while its update
     * locks every row it matches, as {@code FOR UPDATE} does, before it finds nothing changed, and is parsed once a
     * connection like the read after it. Under H2's read committed the read then sees the rows as the last transaction
     * that held them committed them.
     */
    private SortedMap<Integer, OrderLineProgress> lockOrderLines(String orderId, SortedSet<Integer> lineNos) {
        MapSqlParameterSource lines = new MapSqlParameterSource("order", orderId).addValue("lines", List.copyOf(lineNos));
        String read = "select line_no, shipped_qty, returned_qty from posting_order_line "
                + "where order_id = :order and line_no in (:lines) order by line_no";
        if (onH2()) {
            jdbc.update("update posting_order_line set shipped_qty = shipped_qty "
                    + "where order_id = :order and line_no in (:lines)", lines);
        } else {
            read += " for update";
        }
        SortedMap<Integer, OrderLineProgress> progress = new TreeMap<>();
        jdbc.query(read, lines, rs -> {
            progress.put(rs.getInt("line_no"),
                    new OrderLineProgress(rs.getBigDecimal("shipped_qty"), rs.getBigDecimal("returned_qty")));
        });
        return progress;
    }

    private boolean onH2() {
        Boolean known = h2;
        if (known == null) {
            known = "H2".equals(jdbc.getJdbcTemplate().execute((ConnectionCallback<String>) connection ->
                    connection.getMetaData().getDatabaseProductName()));
            h2 = known;
        }
        return known;
    }

    /**
     * Locks an existing row; creates a missing one first. Two first-time inserts of the same key serialise on
     * the primary key (the second waits for the first to commit, then does nothing) and both end up locking it.
     */
    private static <T> T lockedOrCreated(java.util.function.Supplier<Optional<T>> lock, Runnable create) {
        return lock.get().orElseGet(() -> {
            create.run();
            return lock.get().orElseThrow(() -> new IllegalStateException("Posting state row vanished while locking"));
        });
    }

    @Override
    public void addShipped(String orderId, int lineNo, BigDecimal baseQuantity) {
        addToOrderLines("shipped_qty", orderId, Map.of(lineNo, baseQuantity));
    }

    @Override
    public void addShipped(String orderId, Map<Integer, BigDecimal> baseQuantitiesByLine) {
        addToOrderLines("shipped_qty", orderId, baseQuantitiesByLine);
    }

    @Override
    public void addReturned(String orderId, int lineNo, BigDecimal baseQuantity) {
        addToOrderLines("returned_qty", orderId, Map.of(lineNo, baseQuantity));
    }

    /**
     * All lines in one JDBC batch (one round trip), in line order. The rules read (and so lock) the lines before they
     * add to them, so the updates normally find their rows locked by this transaction already; locking them again
     * first was a second {@code SELECT ... FOR UPDATE} per line (3 % of the posting threads' samples). A line whose row
     * is not there yet is created and locked first, then updated: never a lost quantity.
     */
    private void addToOrderLines(String column, String orderId, Map<Integer, BigDecimal> baseQuantitiesByLine) {
        String sql = "update posting_order_line set " + column + " = " + column + " + :qty "
                + "where order_id = :order and line_no = :line";
        List<MapSqlParameterSource> lines = new TreeMap<>(baseQuantitiesByLine).entrySet().stream()
                .map(line -> new MapSqlParameterSource("order", orderId).addValue("line", line.getKey())
                        .addValue("qty", line.getValue()))
                .toList();
        int[] updated = jdbc.batchUpdate(sql, lines.toArray(MapSqlParameterSource[]::new));
        for (int i = 0; i < lines.size(); i++) {
            if (updated[i] == 0) {
                int lineNo = (Integer) lines.get(i).getValue("line");
                orderLine(orderId, lineNo);
                requireOneRow(jdbc.update(sql, lines.get(i)), "order line " + orderId + "/" + lineNo);
            } else {
                requireOneRow(updated[i], "order line " + orderId + "/" + lines.get(i).getValue("line"));
            }
        }
    }

    @Override
    public BigDecimal creditedUnderRma(String rmaId) {
        MapSqlParameterSource key = new MapSqlParameterSource("rma", rmaId);
        return lockedOrCreated(
                () -> jdbc.queryForList("select credited_qty from posting_rma where rma_id = :rma for update", key,
                        BigDecimal.class).stream().findFirst(),
                () -> jdbc.update("insert into posting_rma (rma_id, credited_qty) values (:rma, 0) on conflict do nothing", key));
    }

    @Override
    public void addCreditedUnderRma(String rmaId, BigDecimal baseQuantity) {
        creditedUnderRma(rmaId);
        requireOneRow(jdbc.update("update posting_rma set credited_qty = credited_qty + :qty where rma_id = :rma",
                new MapSqlParameterSource("rma", rmaId).addValue("qty", baseQuantity)), "RMA " + rmaId);
    }

    @Override
    public void holdReturn(HeldReturn held) {
        jdbc.update("insert into posting_return_hold (event_id, rma_id, source_document, quantity, settled_by_event) "
                + "values (:event, :rma, :document, :qty, :settled) on conflict do nothing",
                new MapSqlParameterSource("event", held.eventId()).addValue("rma", held.rmaId())
                        .addValue("document", held.sourceDocument()).addValue("qty", held.quantity())
                        .addValue("settled", held.settledByEventId()));
    }

    @Override
    public Optional<HeldReturn> heldReturn(String eventId) {
        return jdbc.query("select * from posting_return_hold where event_id = :event",
                new MapSqlParameterSource("event", eventId), JdbcPostingState::heldReturn).stream().findFirst();
    }

    @Override
    public List<HeldReturn> heldReturns(String rmaId) {
        return jdbc.query("select * from posting_return_hold where rma_id = :rma and settled_by_event is null "
                + "order by held_seq", new MapSqlParameterSource("rma", rmaId), JdbcPostingState::heldReturn);
    }

    @Override
    public void releaseHeldReturns(String rmaId, String settledByEventId) {
        jdbc.update("update posting_return_hold set settled_by_event = :settled "
                        + "where rma_id = :rma and settled_by_event is null",
                new MapSqlParameterSource("rma", rmaId).addValue("settled", settledByEventId));
    }

    @Override
    public void recordReceipt(PostedReceipt receipt) {
        jdbc.update("insert into posting_receipt (receipt_id, purchase_order, bill_of_lading, entity, currency) "
                        + "values (:receipt, :po, :bol, :entity, :currency)",
                new MapSqlParameterSource("receipt", receipt.receiptId()).addValue("po", receipt.purchaseOrder())
                        .addValue("bol", receipt.billOfLading()).addValue("entity", receipt.entity())
                        .addValue("currency", receipt.currency()));
        for (ReceiptLine line : receipt.lines()) {
            jdbc.update("insert into posting_receipt_line (receipt_id, line_no, sku, base_qty, base_uom, unit_cost, "
                            + "line_value, weight_kg) values (:receipt, :line, :sku, :qty, :uom, :cost, :value, :weight)",
                    new MapSqlParameterSource("receipt", receipt.receiptId()).addValue("line", line.lineNo())
                            .addValue("sku", line.sku()).addValue("qty", line.baseQuantity())
                            .addValue("uom", line.baseUom()).addValue("cost", line.unitCost())
                            .addValue("value", line.value()).addValue("weight", line.weightKg()));
        }
    }

    @Override
    public Optional<PostedReceipt> receipt(String receiptId) {
        return receipts("where r.receipt_id = :receipt", new MapSqlParameterSource("receipt", receiptId))
                .stream().findFirst();
    }

    @Override
    public List<PostedReceipt> receiptsFor(String purchaseOrder, String billOfLading) {
        return receipts("where r.purchase_order = :po and r.bill_of_lading = :bol",
                new MapSqlParameterSource("po", purchaseOrder).addValue("bol", billOfLading));
    }

    @Override
    public Map<String, BigDecimal> transferLeg(String transferId, TransferLeg leg) {
        Map<String, BigDecimal> quantities = new LinkedHashMap<>();
        jdbc.query("select sku, quantity from posting_transfer_leg where transfer_id = :transfer and leg = :leg "
                        + "order by sku for update",
                new MapSqlParameterSource("transfer", transferId).addValue("leg", leg.name()),
                rs -> {
                    quantities.put(rs.getString("sku"), rs.getBigDecimal("quantity"));
                });
        return quantities;
    }

    @Override
    public void addTransferLeg(String transferId, TransferLeg leg, Map<String, BigDecimal> quantitiesBySku) {
        quantitiesBySku.forEach((sku, quantity) -> {
            MapSqlParameterSource row = new MapSqlParameterSource("transfer", transferId).addValue("leg", leg.name())
                    .addValue("sku", sku).addValue("qty", quantity);
            // A concurrent first insert of the same leg and SKU fails on the primary key and rolls the caller's
            // transaction back; the caller retries and then adds to the committed row.
            int updated = jdbc.update("update posting_transfer_leg set quantity = quantity + :qty "
                    + "where transfer_id = :transfer and leg = :leg and sku = :sku", row);
            if (updated == 0) {
                jdbc.update("insert into posting_transfer_leg (transfer_id, leg, sku, quantity) "
                        + "values (:transfer, :leg, :sku, :qty)", row);
            }
        });
    }

    private List<PostedReceipt> receipts(String where, MapSqlParameterSource params) {
        Map<String, PostedReceiptRows> byId = new LinkedHashMap<>();
        jdbc.query("select r.receipt_id, r.purchase_order, r.bill_of_lading, r.entity, r.currency, l.line_no, l.sku, "
                + "l.base_qty, l.base_uom, l.unit_cost, l.line_value, l.weight_kg from posting_receipt r "
                + "join posting_receipt_line l on l.receipt_id = r.receipt_id " + where
                + " order by r.posted_seq, l.line_no", params, rs -> {
                    byId.computeIfAbsent(rs.getString("receipt_id"), id -> PostedReceiptRows.header(rs))
                            .lines().add(new ReceiptLine(rs.getInt("line_no"), rs.getString("sku"),
                                    rs.getBigDecimal("base_qty"), rs.getString("base_uom"), rs.getBigDecimal("unit_cost"),
                                    rs.getBigDecimal("line_value"), rs.getBigDecimal("weight_kg")));
                });
        return byId.values().stream().map(PostedReceiptRows::toReceipt).toList();
    }

    private record PostedReceiptRows(String receiptId, String purchaseOrder, String billOfLading, String entity,
                                     String currency, List<ReceiptLine> lines) {

        static PostedReceiptRows header(ResultSet rs) {
            try {
                return new PostedReceiptRows(rs.getString("receipt_id"), rs.getString("purchase_order"),
                        rs.getString("bill_of_lading"), rs.getString("entity"), rs.getString("currency"),
                        new java.util.ArrayList<>());
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot read posting_receipt row", e);
            }
        }

        PostedReceipt toReceipt() {
            return new PostedReceipt(receiptId, purchaseOrder, billOfLading, entity, currency, lines);
        }
    }

    private static HeldReturn heldReturn(ResultSet rs, int rowNum) throws SQLException {
        return new HeldReturn(rs.getString("event_id"), rs.getString("rma_id"), rs.getString("source_document"),
                rs.getBigDecimal("quantity"), rs.getString("settled_by_event"));
    }

    private static void requireOneRow(int updated, String what) {
        if (updated != 1) {
            throw new IllegalStateException("Posting state for " + what + " was not updated (" + updated + " rows)");
        }
    }
}
