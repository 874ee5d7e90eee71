package io.dock2ledger.operations.kpi;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The database KPIs as Micrometer gauges, refreshed by the route {@code kpi-refresh} (never on a Prometheus scrape, so a
 * scrape costs no query):
 * <ul>
 *   <li>{@code dock2ledger.exceptions.open{owner,age}}: open exceptions by owner and age bucket; every owner of
 *   config/exception-owners.yaml has every bucket, zero included, so a dashboard's series never vanish;</li>
 *   <li>{@code dock2ledger.backlog.events{partner,type,status}}: ACCEPTED (queued, undecided), WAITING, and FAILED events
 *   still held by an open exception;</li>
 *   <li>{@code dock2ledger.automation.postings{entity,partner,type,touch}}: events posted in the KPI window,
 *   {@code touch} automatic or manual;</li>
 *   <li>{@code dock2ledger.automation.rate{entity}}: automatic / all, in the window.</li>
 * </ul>
 */
public class KpiGauges {

    private final KpiQueries queries;
    private final Clock clock;
    private final KpiProperties properties;
    private final SortedSet<String> owners;
    private final MultiGauge aging;
    private final MultiGauge backlog;
    private final MultiGauge postings;
    private final MultiGauge automationRate;

    public KpiGauges(KpiQueries queries, MeterRegistry meters, Clock clock, KpiProperties properties,
                     Collection<String> owners) {
        this.queries = queries;
        this.clock = clock;
        this.properties = properties;
        this.owners = new TreeSet<>(owners);
        this.aging = MultiGauge.builder("dock2ledger.exceptions.open")
                .description("Open exceptions by owner and age bucket").register(meters);
        this.backlog = MultiGauge.builder("dock2ledger.backlog.events")
                .description("Events not posted yet: queued (ACCEPTED), WAITING, or FAILED with an open exception")
                .register(meters);
        this.postings = MultiGauge.builder("dock2ledger.automation.postings")
                .description("Events posted in the KPI window, automatic or touched by a person").register(meters);
        this.automationRate = MultiGauge.builder("dock2ledger.automation.rate")
                .description("Share of the events posted in the KPI window that no person touched").register(meters);
        refresh();
    }

    /** When the automation gauges were last read (they are read at most every {@code automation-refresh}). */
    private Instant lastAutomation;

    /** Reads the database and replaces the gauge rows that are due (route kpi-refresh); returns how many rows it set. */
    public synchronized int refresh() {
        return refresh(false);
    }

    /** Reads the database and replaces every gauge row, the automation ones too, whenever they were last read. */
    public synchronized int refreshNow() {
        return refresh(true);
    }

    private int refresh(boolean everything) {
        Instant now = clock.instant();
        Map<List<String>, Integer> byOwnerAndAge = new LinkedHashMap<>();
        for (String owner : owners) {
            for (AgeBucket bucket : AgeBucket.values()) {
                byOwnerAndAge.put(List.of(owner, bucket.label()), 0);
            }
        }
        queries.openExceptions(now).forEach(r -> byOwnerAndAge.put(List.of(r.owner(), r.age()), r.open()));
        List<MultiGauge.Row<?>> agingRows = new ArrayList<>();
        byOwnerAndAge.forEach((k, n) -> agingRows.add(MultiGauge.Row.of(Tags.of("owner", k.get(0), "age", k.get(1)), n)));
        aging.register(agingRows, true);

        List<MultiGauge.Row<?>> backlogRows = new ArrayList<>();
        queries.backlog().forEach(r -> backlogRows.add(MultiGauge.Row.of(
                Tags.of("partner", r.partner(), "type", r.type(), "status", r.status()), r.events())));
        backlog.register(backlogRows, true);

        if (!everything && lastAutomation != null && now.isBefore(lastAutomation.plus(properties.automationRefresh()))) {
            return agingRows.size() + backlogRows.size();
        }
        lastAutomation = now;
        List<MultiGauge.Row<?>> postingRows = new ArrayList<>();
        Map<String, int[]> byEntity = new LinkedHashMap<>();
        for (KpiQueries.AutomationRow r : queries.automation(now.minus(properties.window()))) {
            Tags tags = Tags.of("entity", r.entity(), "partner", r.partner(), "type", r.type());
            postingRows.add(MultiGauge.Row.of(tags.and("touch", "automatic"), r.automatic()));
            postingRows.add(MultiGauge.Row.of(tags.and("touch", "manual"), r.touched()));
            int[] e = byEntity.computeIfAbsent(r.entity(), k -> new int[2]);
            e[0] += r.automatic();
            e[1] += r.all();
        }
        postings.register(postingRows, true);
        List<MultiGauge.Row<?>> rateRows = new ArrayList<>();
        byEntity.forEach((entity, e) -> rateRows.add(MultiGauge.Row.of(Tags.of("entity", entity),
                e[1] == 0 ? 1.0 : (double) e[0] / e[1])));
        automationRate.register(rateRows, true);
        return agingRows.size() + backlogRows.size() + postingRows.size() + rateRows.size();
    }
}
