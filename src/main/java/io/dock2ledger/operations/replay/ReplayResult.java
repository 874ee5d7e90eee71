package io.dock2ledger.operations.replay;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A replay (or dry run) and what it did to each event it selected. */
public record ReplayResult(boolean dryRun, String requestedBy, Instant at, int selected, Map<String, Integer> verdicts,
                          List<ReplayOutcome> events) {

    public static ReplayResult of(boolean dryRun, String requestedBy, Instant at, List<ReplayOutcome> events) {
        Map<String, Integer> counts = new TreeMap<>();
        events.forEach(e -> counts.merge(e.verdict().name(), 1, Integer::sum));
        return new ReplayResult(dryRun, requestedBy, at, events.size(), counts, List.copyOf(events));
    }
}
