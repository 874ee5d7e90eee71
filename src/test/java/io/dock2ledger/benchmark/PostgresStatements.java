package io.dock2ledger.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What PostgreSQL ran during phase 1, statement by statement, from {@code pg_stat_statements}: how often a line, how
 * many rows, and how long its execution took a line. Opt-in ({@code -Dbenchmark.pg-statements=true}): the module
 * times every statement, which costs PostgreSQL a little CPU, so a run that measures throughput leaves it off. With
 * {@code track = all} the statements PostgreSQL runs inside others are counted too (each foreign key's check on an
 * insert is a {@code SELECT ... FOR KEY SHARE}); their time is also inside their insert's, so only top-level statements
 * add up to {@code postgresExecMicrosPerLine}.
 */
record PostgresStatements(List<Row> rows) {

    /** One statement's phase-1 totals; {@code topLevel} false for one PostgreSQL ran inside another. */
    record Row(String query, boolean topLevel, long calls, long rows, double execMillis) {
    }

    /** The server settings that load the module; it has to be loaded when PostgreSQL starts. */
    static Map<String, String> serverConfig() {
        return Map.of("shared_preload_libraries", "pg_stat_statements", "pg_stat_statements.track", "all");
    }

    /** Creates the module's view if needed and zeroes its counts: called just before phase 1. */
    static void reset(Connection db) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("create extension if not exists pg_stat_statements");
            s.execute("select pg_stat_statements_reset()");
        }
    }

    /** Every statement counted since {@link #reset}, in every database (the hub uses one). */
    static PostgresStatements read(Connection db) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("select query, toplevel, calls, rows, total_exec_time "
                     + "from pg_stat_statements")) {
            while (rs.next()) {
                rows.add(new Row(rs.getString(1).replaceAll("\\s+", " "), rs.getBoolean(2), rs.getLong(3),
                        rs.getLong(4), rs.getDouble(5)));
            }
        }
        return new PostgresStatements(rows);
    }

    /** results.json's two figures a line; -1 each when not counted (H2, or the option off). */
    static Map<String, Object> results(PostgresStatements phase, long lines) {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("postgresStatementsPerLine", phase == null ? -1
                : PostgresWork.perLine(phase.topLevel().mapToLong(Row::calls).sum(), lines));
        results.put("postgresExecMicrosPerLine", phase == null ? -1
                : PostgresWork.perLine(phase.topLevel().mapToDouble(Row::execMillis).sum() * 1000, lines));
        return results;
    }

    /** The statements the hub sent; the others ran inside them, and their time is already in theirs. */
    private Stream<Row> topLevel() {
        return rows.stream().filter(Row::topLevel);
    }

    /**
     * {@code postgres-statements.csv}: a row a statement, the costliest execution first, with its calls, rows and
     * execution microseconds a line, whether it ran inside another, and its text.
     */
    void writeCsv(Path file, long lines) throws IOException {
        List<String> out = new ArrayList<>();
        out.add("exec_micros_per_line,calls_per_line,rows_per_line,mean_micros,top_level,query");
        rows.stream().sorted(Comparator.comparingDouble(Row::execMillis).reversed()).forEach(r -> out.add(
                String.format(Locale.ROOT, "%.2f,%.3f,%.3f,%.2f,%s,\"%s\"", r.execMillis * 1000 / lines,
                        r.calls / (double) lines, r.rows / (double) lines,
                        r.calls == 0 ? 0 : r.execMillis * 1000 / r.calls, r.topLevel, r.query.replace("\"", "\"\""))));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, out);
    }
}
