package io.dock2ledger.operations.kpi;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Builds the KPI snapshot the workbench draws, filtered by entity if asked. The database's figures are those of the
 * last {@link KpiGauges} refresh, read again when they are older than {@link #FRESH_FOR} (the automation rows at most
 * every {@code automation-refresh}): however many people watch the page, which polls every 5 seconds, the database is
 * read at most once in that time.
 */
public class Kpis {

    /** How old the database's figures may be when a page or API request comes (the page polls every 5 s). */
    static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private final KpiGauges gauges;
    private final MeterRegistry meters;
    private final Clock clock;
    private final KpiProperties properties;

    public Kpis(KpiGauges gauges, MeterRegistry meters, Clock clock, KpiProperties properties) {
        this.gauges = gauges;
        this.meters = meters;
        this.clock = clock;
        this.properties = properties;
    }

    public KpiSnapshot snapshot(String entity) {
        Instant now = clock.instant();
        Duration period = Duration.ofMillis(properties.refreshPeriod());
        KpiGauges.Readings read = gauges.readings(period.compareTo(FRESH_FOR) < 0 ? period : FRESH_FOR);
        Predicate<String> ofEntity = e -> entity == null || entity.equals(e);
        List<KpiSnapshot.HourCount> perHour = new ArrayList<>();
        read.documentsPerHour().forEach((hour, n) -> perHour.add(new KpiSnapshot.HourCount(hour, n)));
        Map<String, int[]> byEntity = new TreeMap<>();
        read.automation().stream().filter(r -> ofEntity.test(r.entity())).forEach(r -> {
            int[] c = byEntity.computeIfAbsent(r.entity(), k -> new int[2]);
            c[0] += r.automatic();
            c[1] += r.touched();
        });
        List<KpiSnapshot.Automation> automation = new ArrayList<>();
        byEntity.forEach((e, c) -> automation.add(new KpiSnapshot.Automation(e, c[0], c[1],
                c[0] + c[1] == 0 ? 1.0 : (double) c[0] / (c[0] + c[1]))));
        return new KpiSnapshot(now, properties.window(), read.readAt(), read.automationReadAt(),
                histogram("dock2ledger.invoice.latency", entity),
                histogram("dock2ledger.return.credit.time", entity),
                histogram("dock2ledger.landed.cost.delay", entity),
                perHour, automation, read.openExceptions(), read.backlog());
    }

    /** The sum of a timer's tag sets (one entity's, if asked) as cumulative buckets. */
    private KpiSnapshot.Histogram histogram(String name, String entity) {
        Collection<Timer> timers = entity == null ? meters.find(name).timers()
                : meters.find(name).tag("entity", entity).timers();
        long count = 0;
        double totalSeconds = 0;
        double maxSeconds = 0;
        Map<Double, Double> buckets = new TreeMap<>();
        for (Timer timer : timers) {
            HistogramSnapshot snapshot = timer.takeSnapshot();
            count += snapshot.count();
            totalSeconds += snapshot.total(TimeUnit.SECONDS);
            maxSeconds = Math.max(maxSeconds, snapshot.max(TimeUnit.SECONDS));
            for (CountAtBucket bucket : snapshot.histogramCounts()) {
                buckets.merge(bucket.bucket(TimeUnit.SECONDS), bucket.count(), Double::sum);
            }
        }
        List<KpiSnapshot.Bucket> list = new ArrayList<>();
        buckets.forEach((le, n) -> list.add(new KpiSnapshot.Bucket(le, label(Duration.ofMillis((long) (le * 1000))), n)));
        list.add(new KpiSnapshot.Bucket(null, "+Inf", count));
        return new KpiSnapshot.Histogram(count, count == 0 ? 0 : totalSeconds / count, maxSeconds, list);
    }

    private static String label(Duration d) {
        if (d.toDays() > 0 && d.toHours() % 24 == 0) {
            return "≤" + d.toDays() + "d";
        }
        if (d.toHours() > 0 && d.toMinutes() % 60 == 0) {
            return "≤" + d.toHours() + "h";
        }
        return "≤" + d.toMinutes() + "m";
    }
}
