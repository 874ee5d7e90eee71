package io.dock2ledger.operations.kpi;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Finance documents posted per hour over the last 24 hours, read incrementally: the documents of a minute that ended more
 * than {@link #SETTLED_AFTER} ago are counted once, added to their hour and kept, and each read asks the database only
 * for the documents after the last such minute.
 * <p>
 * Why: counting every document of the last 24 hours on each read cost a scan of a whole day's documents. At 430,000
 * documents a read took 27 s, and the KPI page asked for one every 5 seconds per open browser tab (docs/performance.md,
 * "ninth pass"). Settling whole hours 10 minutes after their end still counted the current hour's documents at every
 * 30-second refresh, up to an hour's: 0.6 s a refresh at 900,000 documents into the hour, growing through every hour
 * ("sixteenth pass"). Now a read counts the last two or three minutes' documents, whatever the day's volume.
 * <p>
 * A document that commits more than {@code SETTLED_AFTER} after its {@code created_at} (a posting transaction held open
 * that long) is missed by a minute already counted: this is a throughput chart, not a ledger, and a batch commits in
 * seconds.
 */
final class HourlyDocuments {

    /**
     * How long after its end a minute's count is final (here and in AutomationWindow). A posting batch commits within
     * seconds of its documents' {@code created_at}; two minutes leave a stalled disk or a long garbage collection room.
     * It was 10 minutes after each whole hour (and each 5-minute automation slice), which made every read count far
     * more than it needed.
     */
    static final Duration SETTLED_AFTER = Duration.ofMinutes(2);
    private static final Duration DAY = Duration.ofHours(24);

    private final KpiQueries queries;
    /** Per hour, the documents created before {@link #settledUntil}, which are final. */
    private final NavigableMap<Instant, Integer> settled = new TreeMap<>();
    /** A minute's start: every document created before it is counted in {@link #settled}; null before the first read. */
    private Instant settledUntil;

    HourlyDocuments(KpiQueries queries) {
        this.queries = queries;
    }

    /** @return documents per hour (the hour's start, UTC) from the hour 24 hours before {@code now} on */
    synchronized Map<Instant, Integer> read(Instant now) {
        Instant firstHour = now.minus(DAY).truncatedTo(ChronoUnit.HOURS);
        settled.headMap(firstHour, false).clear();
        Instant from = settledUntil == null || settledUntil.isBefore(firstHour) ? firstHour : settledUntil;
        Instant settleLine = now.minus(SETTLED_AFTER).truncatedTo(ChronoUnit.MINUTES);
        if (settleLine.isAfter(from)) {
            queries.documentsPerHour(from, settleLine).forEach((hour, n) -> settled.merge(hour, n, Integer::sum));
            settledUntil = settleLine;
            from = settleLine;
        }
        NavigableMap<Instant, Integer> all = new TreeMap<>(settled);
        // To the end of the current hour, as before: a document another hub stamped a little ahead counts now.
        queries.documentsPerHour(from, now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1)))
                .forEach((hour, n) -> all.merge(hour, n, Integer::sum));
        all.headMap(firstHour, false).clear();
        return all;
    }
}
