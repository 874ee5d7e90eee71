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
 * read incrementally: the documents are read by the {@link #MINUTE}, a minute that ended more than
 * {@link HourlyDocuments#SETTLED_AFTER} ago is counted once and kept (in the {@link #SLICE} it falls in, by which the
 * window slides), and a refresh reads only the documents after it. Every {@link #RECOUNT_EVERY} the whole window is
 * counted again, because whether an event was touched can change after its minute was counted (an exception raised
 * later for its document, a replay by a person).
 * <p>
 * Why: the window is 7 days, millions of documents at a busy site, and reading all of them every 5 minutes grew with
 * the volume: 7 % of the hub's CPU at 550,000 events during a 1 GB run, and 60 s a read on that database once the run
 * had stopped (docs/performance.md, "ninth pass"). Counting it in 5-minute slices that settled 10 minutes after their
 * end still read the last 17-22 minutes of documents at each 5-minute refresh, each document three or four times, and
 * at a million lines that refresh was 14 % of the hub's samples while it ran ("fourteenth pass"). Settled by the minute
 * after 2 minutes, a refresh reads the documents since the last one and about 5 minutes before it.
 * <p>
 * The window starts at the slice {@code dock2ledger.kpi.window} before now (up to one slice longer than the window).
 */
final class AutomationWindow {

    /** The window's start moves by this much, and the settled counts are kept by it. */
    static final Duration SLICE = Duration.ofMinutes(5);
    /** The documents are read, and settle, by this much. */
    static final Duration MINUTE = Duration.ofMinutes(1);
    static final Duration RECOUNT_EVERY = Duration.ofHours(6);

    private final KpiQueries queries;
    /** Counts of the minutes before {@link #settledUntil}, by the start of their slice, then by [entity, partner, type]. */
    private final NavigableMap<Instant, Map<List<String>, int[]>> settled = new TreeMap<>();
    /** A minute's start: every minute before it is in {@link #settled}; null when nothing is. */
    private Instant settledUntil;
    private Instant countedWholeAt;

    AutomationWindow(KpiQueries queries) {
        this.queries = queries;
    }

    synchronized List<KpiQueries.AutomationRow> read(Instant now, Duration window) {
        Instant first = KpiQueries.sliceOf(now.minus(window), SLICE);
        if (countedWholeAt == null || !now.isBefore(countedWholeAt.plus(RECOUNT_EVERY))
                || settledUntil == null || settledUntil.isBefore(first)) {
            settled.clear();
            settledUntil = null;
            countedWholeAt = now;
        }
        settled.headMap(first, false).clear();
        Instant from = settledUntil == null ? first : settledUntil;
        Map<Instant, Map<List<String>, int[]>> recent = queries.automationBySlice(from, MINUTE);
        Instant settleLine = KpiQueries.sliceOf(now.minus(HourlyDocuments.SETTLED_AFTER), MINUTE);
        if (settleLine.isAfter(from)) {
            recent.forEach((minute, counts) -> {
                if (minute.isBefore(settleLine)) {
                    add(settled.computeIfAbsent(KpiQueries.sliceOf(minute, SLICE), s -> new TreeMap<>(KpiQueries::compare)),
                            counts);
                }
            });
            settledUntil = settleLine;
        }
        Map<List<String>, int[]> total = new TreeMap<>(KpiQueries::compare);
        settled.values().forEach(counts -> add(total, counts));
        recent.forEach((minute, counts) -> {
            if (settledUntil == null || !minute.isBefore(settledUntil)) {
                add(total, counts);
            }
        });
        List<KpiQueries.AutomationRow> rows = new ArrayList<>();
        total.forEach((k, c) -> rows.add(new KpiQueries.AutomationRow(k.get(0), k.get(1), k.get(2), c[0], c[1])));
        return rows;
    }

    private static void add(Map<List<String>, int[]> total, Map<List<String>, int[]> counts) {
        counts.forEach((key, c) -> {
            int[] t = total.computeIfAbsent(key, k -> new int[2]);
            t[0] += c[0];
            t[1] += c[1];
        });
    }
}
