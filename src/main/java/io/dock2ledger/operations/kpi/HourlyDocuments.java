package io.dock2ledger.operations.kpi;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Finance documents posted per hour over the last 24 hours, read incrementally: an hour that ended more than
 * {@link #SETTLED_AFTER} ago is counted once and kept, and each read asks the database only for the hours after it.
 * <p>
 * Why: counting every document of the last 24 hours on each read cost a scan of a whole day's documents. At 430,000
 * documents a read took 27 s, and the KPI page asked for one every 5 seconds per open browser tab (docs/performance.md,
 * "ninth pass"). Now a read costs the documents of the last hour or two, whatever the day's volume.
 * <p>
 * A document that commits more than {@code SETTLED_AFTER} after its {@code created_at} (a posting transaction held open
 * that long) is missed by an hour already counted: this is a throughput chart, not a ledger, and a batch commits in
 * seconds.
 */
final class HourlyDocuments {

    /**
     * How long after its end an hour's (and the automation window's minute's) count is final. A posting batch commits
     * within seconds of its documents' {@code created_at}; two minutes leave a stalled disk or a long garbage collection
     * room. It was 10 minutes, which made every automation refresh read 10 minutes more than it needed (AutomationWindow).
     */
    static final Duration SETTLED_AFTER = Duration.ofMinutes(2);
    private static final Duration DAY = Duration.ofHours(24);

    private final KpiQueries queries;
    /** Counts of the hours before {@link #settledUntil}, which are final. */
    private final NavigableMap<Instant, Integer> settled = new TreeMap<>();
    /** Hour start: every hour before it is in {@link #settled}; null before the first read. */
    private Instant settledUntil;

    HourlyDocuments(KpiQueries queries) {
        this.queries = queries;
    }

    /** @return documents per hour (the hour's start, UTC) from the hour 24 hours before {@code now} on */
    synchronized Map<Instant, Integer> read(Instant now) {
        Instant firstHour = now.minus(DAY).truncatedTo(ChronoUnit.HOURS);
        settled.headMap(firstHour, false).clear();
        Instant from = settledUntil == null || settledUntil.isBefore(firstHour) ? firstHour : settledUntil;
        Map<Instant, Integer> recent = queries.documentsPerHour(from, now);
        Instant settleLine = now.minus(SETTLED_AFTER).truncatedTo(ChronoUnit.HOURS);
        if (settledUntil == null || settleLine.isAfter(settledUntil)) {
            recent.forEach((hour, n) -> {
                if (hour.isBefore(settleLine)) {
                    settled.put(hour, n);
                }
            });
            settledUntil = settleLine;
        }
        NavigableMap<Instant, Integer> all = new TreeMap<>(settled);
        recent.forEach((hour, n) -> {
            if (!hour.isBefore(firstHour)) {
                all.put(hour, n);
            }
        });
        return all;
    }
}
