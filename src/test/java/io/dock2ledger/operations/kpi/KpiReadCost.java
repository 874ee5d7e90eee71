package io.dock2ledger.operations.kpi;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.sql.Connection;
import java.time.Instant;
import java.util.Map;

/**
 * What the KPI automation read costs a document on the database a benchmark run leaves (HubBenchmark, once the hub has
 * stopped): every document of the run read as one query, the way a whole count reads the window, then minute by
 * minute with the events carried from one minute to the next, the way the refresh counts the minutes as they settle
 * (AutomationWindow). Both count the same events, or this fails. Each is timed in the second of two alternating
 * rounds.
 */
public final class KpiReadCost {

    /**
     * @param documents      finance documents read (reversals included, as the query's index range is)
     * @param events         events counted
     * @param oneReadMicros  µs a document, the window in one query
     * @param byMinuteMicros µs a document, minute by minute
     * @param minutes        queries of the minute-by-minute read
     */
    public record Cost(long documents, long events, double oneReadMicros, double byMinuteMicros, int minutes) {
    }

    private KpiReadCost() {
    }

    public static Cost measure(Connection db) {
        JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(db, true));
        Instant first = jdbc.queryForObject("select min(created_at) from finance_document", java.sql.Timestamp.class)
                .toInstant();
        Instant last = jdbc.queryForObject("select max(created_at) from finance_document", java.sql.Timestamp.class)
                .toInstant();
        long documents = jdbc.queryForObject("select count(*) from finance_document", Long.class);
        KpiQueries queries = new KpiQueries(jdbc);
        Instant from = KpiQueries.sliceOf(first, AutomationWindow.MINUTE);

        // Twice each, alternating, and the second round kept: the first read of the file pulls its pages into the
        // operating system's cache, and made whichever way went first look slower (6.39 against 2.64 µs once).
        long oneRead = 0;
        long byMinute = 0;
        double oneReadMicros = 0;
        double byMinuteMicros = 0;
        int minutes = 0;
        for (int round = 0; round < 2; round++) {
            long started = System.nanoTime();
            oneRead = events(queries.automationBySlice(from, null, AutomationWindow.MINUTE,
                    new KpiQueries.RecentEvents()));
            oneReadMicros = (System.nanoTime() - started) / 1e3 / documents;

            started = System.nanoTime();
            KpiQueries.RecentEvents seen = new KpiQueries.RecentEvents();
            byMinute = 0;
            minutes = 0;
            for (Instant minute = from; !minute.isAfter(last); minute = minute.plus(AutomationWindow.MINUTE)) {
                byMinute += events(queries.automationBySlice(minute, minute.plus(AutomationWindow.MINUTE),
                        AutomationWindow.MINUTE, seen));
                minutes++;
            }
            byMinuteMicros = (System.nanoTime() - started) / 1e3 / documents;
        }
        if (oneRead != byMinute) {
            throw new IllegalStateException("the window read at once counted " + oneRead + " events, minute by minute "
                    + byMinute);
        }
        return new Cost(documents, oneRead, oneReadMicros, byMinuteMicros, minutes);
    }

    private static long events(Map<Instant, Map<java.util.List<String>, int[]>> bySlice) {
        return bySlice.values().stream().flatMap(counts -> counts.values().stream()).mapToLong(c -> c[0] + c[1]).sum();
    }
}
