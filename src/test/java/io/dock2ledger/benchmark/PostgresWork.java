package io.dock2ledger.benchmark;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What PostgreSQL itself did during a phase of a run: from its cumulative statistics the WAL it wrote
 * ({@code pg_stat_wal}) and the rows inserted, updated and updated in place (HOT) in the hub's tables
 * ({@code pg_stat_user_tables}); from {@code /proc} the CPU its own processes used (the postmaster of the data
 * directory's {@code postmaster.pid}, a backend per connection, its workers: {@link ProcessTreeCpu}; -1 where it cannot
 * be read). Per line, the WAL and the rows do not depend on how busy the machine was, unlike lines/s and CPU: a change
 * to the hub's writes shows in them in a single run (docs/performance.md, twenty-third pass). PostgreSQL reports a
 * backend's counts at its transactions' ends, at most a second late; over a phase of minutes that is noise.
 */
record PostgresWork(long walRecords, long walBytes, long inserted, long updated, long hotUpdated,
                    long eventUpdated, long eventHotUpdated, double cpuSeconds) {

    static PostgresWork read(Connection db, Path dataDirectory) throws SQLException {
        double cpuSeconds = ProcessTreeCpu.seconds(ProcessTreeCpu.pidFrom(dataDirectory.resolve("postmaster.pid")));
        try (Statement s = db.createStatement()) {
            long walRecords;
            long walBytes;
            try (ResultSet wal = s.executeQuery("select wal_records, wal_bytes from pg_stat_wal")) {
                wal.next();
                walRecords = wal.getLong(1);
                walBytes = wal.getLong(2);
            }
            try (ResultSet rows = s.executeQuery("""
                    select coalesce(sum(n_tup_ins), 0), coalesce(sum(n_tup_upd), 0), coalesce(sum(n_tup_hot_upd), 0),
                           coalesce(sum(n_tup_upd) filter (where relname = 'canonical_event'), 0),
                           coalesce(sum(n_tup_hot_upd) filter (where relname = 'canonical_event'), 0)
                    from pg_stat_user_tables""")) {
                rows.next();
                return new PostgresWork(walRecords, walBytes, rows.getLong(1), rows.getLong(2), rows.getLong(3),
                        rows.getLong(4), rows.getLong(5), cpuSeconds);
            }
        }
    }

    PostgresWork since(PostgresWork before) {
        return new PostgresWork(walRecords - before.walRecords, walBytes - before.walBytes, inserted - before.inserted,
                updated - before.updated, hotUpdated - before.hotUpdated, eventUpdated - before.eventUpdated,
                eventHotUpdated - before.eventHotUpdated,
                cpuSeconds < 0 || before.cpuSeconds < 0 ? -1 : cpuSeconds - before.cpuSeconds);
    }

    /**
     * results.json's PostgreSQL figures of a phase of {@code lines} lines; each -1 without a phase (H2). Shares are -1
     * with no update.
     */
    static Map<String, Object> results(PostgresWork phase, long lines) {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("walBytesPerLine", phase == null ? -1 : perLine(phase.walBytes, lines));
        results.put("walRecordsPerLine", phase == null ? -1 : perLine(phase.walRecords, lines));
        results.put("rowsInsertedPerLine", phase == null ? -1 : perLine(phase.inserted, lines));
        results.put("rowsUpdatedPerLine", phase == null ? -1 : perLine(phase.updated, lines));
        results.put("hotUpdateShare", phase == null ? -1 : share(phase.hotUpdated, phase.updated));
        results.put("canonicalEventHotUpdateShare", phase == null ? -1 : share(phase.eventHotUpdated, phase.eventUpdated));
        results.put("postgresCpuMillisPerLine", phase == null || phase.cpuSeconds < 0 ? -1 : phase.cpuSeconds * 1000 / lines);
        return results;
    }

    /** A phase's count a line, to one decimal: PostgreSQL's figures in results.json ({@link PostgresStatements} too). */
    static double perLine(double count, long lines) {
        return Math.round(10.0 * count / lines) / 10.0;
    }

    private static double share(long part, long whole) {
        return whole == 0 ? -1 : Math.round(1000.0 * part / whole) / 1000.0;
    }
}
