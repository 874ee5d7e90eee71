package io.dock2ledger.operations.kpi;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The automation rows of the KPI window (events posted, automatic or touched by a person, by entity, partner and type),
 * read incrementally: a minute of documents that ended more than {@link HourlyDocuments#SETTLED_AFTER} ago is counted
 * once, as soon as a refresh finds it settled ({@link #settle}, at every refresh of the route {@code kpi-refresh}, every
 * 30 s), and kept in the {@link #SLICE} it falls in, by which the window slides. Publishing the rows ({@link #read},
 * every {@code automation-refresh}) reads only the minutes that have not settled: the last 2-3 minutes. The events of
 * the last documents counted are remembered from one read to the next ({@link KpiQueries.RecentEvents}), so no read
 * goes back over documents already read to recognise an event's second document. Every {@link #RECOUNT_EVERY} the
 * whole window is counted again, because whether an event was touched can change after its minute was counted (an
 * exception raised later for its document, a replay by a person).
 * <p>
 * Why: the window is 7 days, millions of documents at a busy site, and reading all of them every 5 minutes grew with
 * the volume: 7 % of the hub's CPU at 550,000 events during a 1 GB run, and 60 s a read on that database once the run
 * had stopped (docs/performance.md, "ninth pass"). Counting it in 5-minute slices that settled 10 minutes after their
 * end still read the last 17-22 minutes of documents at each 5-minute refresh ("fourteenth pass"). Settled by the minute
 * but only when the rows were published, a refresh read the 5 minutes since the last one, the 2-3 minutes that had not
 * settled then and the 2 minutes before those to recognise events: about 9 minutes of documents at once, a second of
 * CPU for every 100,000 of them on a large H2 file, and the inbox's files waited for it ("eighteenth pass").
 * <p>
 * The window starts at the slice {@code dock2ledger.kpi.window} before now (up to one slice longer than the window).
 */
final class AutomationWindow {

    /** The window's start moves by this much, and the settled counts are kept by it. */
    static final Duration SLICE = Duration.ofMinutes(5);
    /** The documents settle by this much. */
    static final Duration MINUTE = Duration.ofMinutes(1);
    static final Duration RECOUNT_EVERY = Duration.ofHours(6);

    private final KpiQueries queries;
    /** Counts of the minutes before {@link #settledUntil}, by the start of their slice, then by [entity, partner, type]. */
    private final NavigableMap<Instant, Map<List<String>, int[]>> settled = new TreeMap<>();
    /** A minute's start: every document before it has been read; null before the first read. */
    private Instant settledUntil;
    /** The events of the documents last read before {@link #settledUntil}. */
    private KpiQueries.RecentEvents seen;
    private Instant countedWholeAt;

    AutomationWindow(KpiQueries queries) {
        this.queries = queries;
    }

    /**
     * Counts the minutes that settled since the last call (the whole window when it is counted again). The events
     * that began in the {@link KpiQueries#SAME_EVENT_WITHIN} before the window are read too, only to know them.
     */
    synchronized void settle(Instant now, Duration window) {
        Instant first = firstSlice(now, window);
        if (countedWholeAt == null || !now.isBefore(countedWholeAt.plus(RECOUNT_EVERY)) || settledUntil == null
                || settledUntil.isBefore(first.minus(KpiQueries.SAME_EVENT_WITHIN))) {
            settled.clear();
            seen = new KpiQueries.RecentEvents();
            settledUntil = first.minus(KpiQueries.SAME_EVENT_WITHIN);
            countedWholeAt = now;
        }
        Instant settleLine = KpiQueries.sliceOf(now.minus(HourlyDocuments.SETTLED_AFTER), MINUTE);
        if (settleLine.isAfter(settledUntil)) {
            Map<Instant, Map<List<String>, int[]>> counts;
            try {
                counts = queries.automationBySlice(settledUntil, settleLine, MINUTE, seen);
            } catch (RuntimeException e) {
                // A read that failed part way has fed some of its events to seen, which would then take them for
                // second documents when the minutes are read again: the next refresh counts the whole window.
                settledUntil = null;
                throw e;
            }
            counts.forEach((minute, byKey) -> add(settled.computeIfAbsent(KpiQueries.sliceOf(minute, SLICE),
                    s -> new TreeMap<>(KpiQueries::compare)), byKey));
            settledUntil = settleLine;
        }
        settled.headMap(first, false).clear();
    }

    /** The rows of the window: the settled minutes' counts, and the minutes after them read now. */
    synchronized List<KpiQueries.AutomationRow> read(Instant now, Duration window) {
        settle(now, window);
        Instant first = firstSlice(now, window);
        Map<List<String>, int[]> total = new TreeMap<>(KpiQueries::compare);
        settled.values().forEach(counts -> add(total, counts));
        queries.automationBySlice(settledUntil, null, MINUTE, seen.after()).forEach((minute, counts) -> {
            if (!minute.isBefore(first)) {
                add(total, counts);
            }
        });
        List<KpiQueries.AutomationRow> rows = new ArrayList<>();
        total.forEach((k, c) -> rows.add(new KpiQueries.AutomationRow(k.get(0), k.get(1), k.get(2), c[0], c[1])));
        return rows;
    }

    private static Instant firstSlice(Instant now, Duration window) {
        return KpiQueries.sliceOf(now.minus(window), SLICE);
    }

    private static void add(Map<List<String>, int[]> total, Map<List<String>, int[]> counts) {
        counts.forEach((key, c) -> {
            int[] t = total.computeIfAbsent(key, k -> new int[2]);
            t[0] += c[0];
            t[1] += c[1];
        });
    }
}
