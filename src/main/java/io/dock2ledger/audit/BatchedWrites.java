package io.dock2ledger.audit;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Inserts that nothing reads before the transaction commits (audit rows, document and interface lines), collected over
 * the events of one posting batch and written at its end with one JDBC batch per statement, just before the batch's
 * database commit. Why: one round trip per row and per document was most of the posting thread's statements
 * (docs/performance.md); H2 and PostgreSQL both take a batch of a hundred rows for little more than one row.
 * <p>
 * Only inside a scope opened by {@link #open()} on a transaction with synchronization (the posting batch opens
 * one per batch); anywhere else {@link #insert} writes at once, as before. An event that
 * posts in a savepoint and rolls back drops what it added ({@link #mark()}, {@link #discardFrom(int)}), so its rows
 * never reach the flush. If the flush itself fails, the commit fails and the whole batch rolls back and is retried
 * one message at a time, as for any other failure of the batch.
 */
public final class BatchedWrites {

    private static final Object KEY = BatchedWrites.class;

    private record Row(JdbcTemplate jdbc, String sql, Object[] args) {
    }

    private static final class Pending extends ArrayList<Row> {
    }

    private BatchedWrites() {
    }

    /** Opens a scope on this thread's transaction: from now on {@link #insert} collects until it commits. */
    public static void open() {
        if (!TransactionSynchronizationManager.isSynchronizationActive() || TransactionSynchronizationManager.hasResource(KEY)) {
            return;
        }
        Pending pending = new Pending();
        TransactionSynchronizationManager.bindResource(KEY, pending);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                BatchedWrites.flush(pending);
            }

            @Override
            public void afterCompletion(int status) {
                pending.clear();
                TransactionSynchronizationManager.unbindResourceIfPossible(KEY);
            }
        });
    }

    /**
     * Inserts a row now, or at the end of the open scope's transaction.
     *
     * @return true if the row waits for the commit: {@code args} is read only then, so the caller may still complete
     *         it (a finance document's ERP reference, known once the adapter has run); false if it was written now
     */
    public static boolean insert(JdbcTemplate jdbc, String sql, Object... args) {
        Pending pending = pending();
        if (pending == null) {
            jdbc.update(sql, args);
            return false;
        }
        pending.add(new Row(jdbc, sql, args));
        return true;
    }

    /** The same for many rows of one statement. */
    public static void insertAll(JdbcTemplate jdbc, String sql, List<Object[]> rows) {
        Pending pending = pending();
        if (pending == null) {
            if (!rows.isEmpty()) {
                jdbc.batchUpdate(sql, rows);
            }
        } else {
            rows.forEach(args -> pending.add(new Row(jdbc, sql, args)));
        }
    }

    /** True inside an open scope: {@link #insert} then waits for the commit. */
    public static boolean collecting() {
        return pending() != null;
    }

    /**
     * Rows collected so far for this thread's transaction, to be written at its commit; 0 outside a scope. The posting
     * batch stops taking events once they reach its {@code batch-rows}: they stay in the heap until the commit, and H2
     * writes all the pages they change in one chunk then.
     */
    public static int waiting() {
        Pending pending = pending();
        return pending == null ? 0 : pending.size();
    }

    /** Where the rows collected so far end; 0 outside a scope. */
    public static int mark() {
        Pending pending = pending();
        return pending == null ? 0 : pending.size();
    }

    /** Drops what was collected after {@code mark} (the rows of an event whose savepoint rolled back). */
    public static void discardFrom(int mark) {
        Pending pending = pending();
        if (pending != null && pending.size() > mark) {
            pending.subList(mark, pending.size()).clear();
        }
    }

    private static Pending pending() {
        return TransactionSynchronizationManager.isSynchronizationActive()
                ? (Pending) TransactionSynchronizationManager.getResource(KEY) : null;
    }

    /** One JDBC batch per statement, statements in the order first used (a line after its header's table). */
    private static void flush(Pending pending) {
        Map<String, List<Row>> byStatement = new LinkedHashMap<>();
        for (Row row : pending) {
            byStatement.computeIfAbsent(row.sql(), s -> new ArrayList<>()).add(row);
        }
        for (List<Row> rows : byStatement.values()) {
            rows.get(0).jdbc().batchUpdate(rows.get(0).sql(), rows.stream().map(Row::args).toList());
        }
        pending.clear();
    }
}
