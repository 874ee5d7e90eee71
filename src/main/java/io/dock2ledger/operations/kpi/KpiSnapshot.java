package io.dock2ledger.operations.kpi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The KPIs for the workbench's live charts ({@code GET /api/v1/kpis}). Histograms come from this instance's timers
 * (buckets cumulative, upper bound in seconds, as Prometheus has them); the rest from the shared database, as the last
 * KPI refresh read it ({@code databaseReadAt}; the automation rows {@code automationReadAt}).
 */
public record KpiSnapshot(
        Instant at,
        Duration window,
        Instant databaseReadAt,
        Instant automationReadAt,
        Histogram invoiceLatency,
        Histogram returnCreditTime,
        Histogram landedCostDelay,
        List<HourCount> documentsPerHour,
        List<Automation> automation,
        List<KpiQueries.AgingRow> exceptionAging,
        List<KpiQueries.BacklogRow> backlog) {

    /** @param buckets cumulative counts: events at or below each upper bound (seconds) */
    public record Histogram(long count, double meanSeconds, double maxSeconds, List<Bucket> buckets) {
    }

    /** @param upperBoundSeconds null for the last bucket, +Inf: every event */
    public record Bucket(Double upperBoundSeconds, String label, double count) {
    }

    public record HourCount(Instant hour, int documents) {
    }

    public record Automation(String entity, int automatic, int manual, double rate) {
    }
}
