package io.dock2ledger.operations.reconciliation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reconciliation of one legal entity's business day: every compared line, and the differences among them.
 *
 * @param entity        the legal entity, or null for all entities
 * @param events        warehouse events of the day considered (one per business document: copies and duplicates of
 *                      a document count once)
 * @param documents     finance documents compared
 * @param differenceCount how many rows are differences, by kind
 */
public record ReconciliationReport(
        String entity,
        LocalDate businessDate,
        Instant ranAt,
        int events,
        int documents,
        Map<String, Integer> differenceCount,
        List<ReconciliationRow> differences,
        List<ReconciliationRow> rows) {

    public static ReconciliationReport of(String entity, LocalDate date, Instant ranAt, int events, int documents,
                                          List<ReconciliationRow> rows) {
        List<ReconciliationRow> differences = rows.stream().filter(ReconciliationRow::isDifference).toList();
        Map<String, Integer> counts = new TreeMap<>();
        differences.forEach(d -> counts.merge(d.result(), 1, Integer::sum));
        return new ReconciliationReport(entity, date, ranAt, events, documents, counts, differences, List.copyOf(rows));
    }

    public boolean reconciled() {
        return differences.isEmpty();
    }
}
