package io.dock2ledger.operations.kpi;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The database KPIs as Micrometer gauges, refreshed by the route {@code kpi-refresh} (never on a Prometheus scrape, so a
 * scrape costs no query):
 * <ul>
 *   <li>{@code dock2ledger.exceptions.open{owner,age}}: open exceptions by owner and age bucket; every owner of
 *   config/exception-owners.yaml has every bucket, zero included, so a dashboard's series never vanish;</li>
 *   <li>{@code dock2ledger.backlog.events{partner,type,status}}: ACCEPTED (queued, undecided), WAITING, and FAILED events
 *   still held by an open exception;</li>
 *   <li>{@code dock2ledger.automation.postings{entity,partner,type,touch}}: events posted in the KPI window,
 *   {@code touch} automatic or manual (published every {@code automation-refresh}, counted minute by minute at every
 *   refresh, {@link AutomationWindow});</li>
 *   <li>{@code dock2ledger.automation.rate{entity}}: automatic / all, in the window;</li>
 *   <li>{@code dock2ledger.kpi.refresh{automation}}: how long a refresh took, {@code published} when it published the
 *   automation rows, {@code counted} when it only counted the minutes that settled.</li>
 * </ul>
 * What a refresh read is kept as {@link Readings}, which {@code GET /api/v1/kpis} and the KPI page serve
 * ({@link Kpis}): however many people watch the KPIs, the database is read at most once in {@link Kpis#FRESH_FOR}. Each
 * of them used to run every query itself, every 5 seconds per open page, and the automation and per-hour queries read
 * every document of the window: 27 s a request at 430,000 documents (docs/performance.md, "ninth pass").
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
    private final HourlyDocuments hourly;
    private final AutomationWindow automationWindow;
    private final Timer published;
    private final Timer counted;
    private volatile Readings readings;
    /** One refresh at a time: the route's, a request's, a test's. */
    private final ReentrantLock refreshing = new ReentrantLock();

    /**
     * What the last refresh read from the database.
     *
     * @param readAt           when exceptions, backlog and documents per hour were read
     * @param automationReadAt when the automation rows were (at most every {@code automation-refresh})
     */
    public record Readings(Instant readAt, List<KpiQueries.AgingRow> openExceptions, List<KpiQueries.BacklogRow> backlog,
                           Instant automationReadAt, List<KpiQueries.AutomationRow> automation,
                           Map<Instant, Integer> documentsPerHour) {
    }

    public KpiGauges(KpiQueries queries, MeterRegistry meters, Clock clock, KpiProperties properties,
                     Collection<String> owners) {
        this.queries = queries;
        this.clock = clock;
        this.properties = properties;
        this.hourly = new HourlyDocuments(queries);
        this.automationWindow = new AutomationWindow(queries);
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
        this.published = refreshTimer("published", meters);
        this.counted = refreshTimer("counted", meters);
        // Not read here: on a database with a busy week in it, the automation rows take seconds to read, and the hub's
        // start waited for them. The route kpi-refresh reads them a second after the routes start, off the start's path.
    }

    /**
     * The last refresh's readings, read again first if they are older than {@code maxAge} (the route refreshes them
     * every refresh period; this covers a caller that comes first, or a route that is stopped). While another thread
     * is reading, the readings it is replacing are returned at once rather than waited for: the first read of a big
     * window took 141 s on a database of 1.1 million documents. Only a caller that finds no readings at all waits.
     */
    public Readings readings(Duration maxAge) {
        Readings last = readings;
        if (last != null && !clock.instant().isAfter(last.readAt().plus(maxAge))) {
            return last;
        }
        if (last == null) {
            refreshing.lock();
        } else if (!refreshing.tryLock()) {
            return last;
        }
        try {
            Readings now = readings;
            if (now == null || now == last) {
                refresh(false);
            }
            return readings;
        } finally {
            refreshing.unlock();
        }
    }

    /** Reads the database and replaces the gauge rows that are due (route kpi-refresh); returns how many rows it set. */
    public int refresh() {
        return refreshAlone(false);
    }

    /** Reads the database and replaces every gauge row, the automation ones too, whenever they were last read. */
    public int refreshNow() {
        return refreshAlone(true);
    }

    private int refreshAlone(boolean everything) {
        refreshing.lock();
        try {
            return refresh(everything);
        } finally {
            refreshing.unlock();
        }
    }

    private static Timer refreshTimer(String automation, MeterRegistry meters) {
        return Timer.builder("dock2ledger.kpi.refresh")
                .description("KPI refreshes: published the automation rows, or only counted the minutes that settled")
                .tag("automation", automation).register(meters);
    }

    private int refresh(boolean everything) {
        Timer.Sample took = Timer.start();
        Instant now = clock.instant();
        Map<List<String>, Integer> byOwnerAndAge = new LinkedHashMap<>();
        for (String owner : owners) {
            for (AgeBucket bucket : AgeBucket.values()) {
                byOwnerAndAge.put(List.of(owner, bucket.label()), 0);
            }
        }
        List<KpiQueries.AgingRow> openExceptions = queries.openExceptions(now);
        openExceptions.forEach(r -> byOwnerAndAge.put(List.of(r.owner(), r.age()), r.open()));
        List<MultiGauge.Row<?>> agingRows = new ArrayList<>();
        byOwnerAndAge.forEach((k, n) -> agingRows.add(MultiGauge.Row.of(Tags.of("owner", k.get(0), "age", k.get(1)), n)));
        aging.register(agingRows, true);

        List<MultiGauge.Row<?>> backlogRows = new ArrayList<>();
        List<KpiQueries.BacklogRow> backlogNow = queries.backlog();
        backlogNow.forEach(r -> backlogRows.add(MultiGauge.Row.of(
                Tags.of("partner", r.partner(), "type", r.type(), "status", r.status()), r.events())));
        backlog.register(backlogRows, true);
        Map<Instant, Integer> perHour = hourly.read(now);

        Readings last = readings;
        boolean automationDue = everything || last == null
                || !now.isBefore(last.automationReadAt().plus(properties.automationRefresh()));
        List<KpiQueries.AutomationRow> automation;
        if (automationDue) {
            automation = automationWindow.read(now, properties.window());
        } else {
            automationWindow.settle(now, properties.window()); // counts the minutes that settled, a few at a time
            automation = last.automation();
        }
        readings = new Readings(now, openExceptions, backlogNow, automationDue ? now : last.automationReadAt(), automation,
                perHour);
        if (!automationDue) {
            took.stop(counted);
            return agingRows.size() + backlogRows.size();
        }
        List<MultiGauge.Row<?>> postingRows = new ArrayList<>();
        Map<String, int[]> byEntity = new LinkedHashMap<>();
        for (KpiQueries.AutomationRow r : automation) {
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
        took.stop(published);
        return agingRows.size() + backlogRows.size() + postingRows.size() + rateRows.size();
    }
}
