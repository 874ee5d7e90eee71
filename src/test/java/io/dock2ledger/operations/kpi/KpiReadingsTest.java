package io.dock2ledger.operations.kpi;

import io.dock2ledger.erp.ErpFixtures.MovableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The KPI page and API serve what the last refresh read (KpiGauges.Readings), and documents per hour are read
 * incrementally (HourlyDocuments). Both with a table of documents kept in memory instead of the database, so that the
 * test can count what each refresh asked for: the queries themselves are covered against a real database by
 * KpiDashboardIT.
 */
class KpiReadingsTest {

    private static final Instant START = Instant.parse("2026-12-01T08:17:00Z");

    @Test
    void documentsPerHourReadIncrementallyEqualTheFullCountAtEveryRead() {
        Documents table = new Documents();
        HourlyDocuments hourly = new HourlyDocuments(table);
        Random random = new Random(20261203);
        Instant now = START;
        // 30 hours of postings, read every 2 minutes.
        for (int step = 0; step < 30 * 30; step++) {
            Instant end = now.plus(Duration.ofMinutes(2));
            for (int i = random.nextInt(50); i > 0; i--) {
                table.created.add(now.plusMillis(random.nextLong(Duration.ofMinutes(2).toMillis())));
            }
            // Late commits: documents created before the last read, committed after it, within the settle margin.
            for (int i = step == 0 ? 0 : random.nextInt(3); i > 0; i--) {
                table.created.add(now.minusMillis(1 + random.nextLong(HourlyDocuments.SETTLED_AFTER.toMillis() - 1)));
            }
            now = end;
            Instant committedBy = now;
            table.readAt = now;
            Map<Instant, Integer> read = hourly.read(now);
            assertThat(read).as("at %s", now).isEqualTo(table.fullCount(now.minus(Duration.ofHours(24))
                    .truncatedTo(ChronoUnit.HOURS), committedBy));
        }
        // The first read asked from 24 hours back; every later one only from the minute that had not settled when the
        // read before it ran (two minutes earlier): not from the start of the hour.
        assertThat(table.askedFrom.get(0)).isEqualTo(START.plus(Duration.ofMinutes(2)).minus(Duration.ofHours(24))
                .truncatedTo(ChronoUnit.HOURS));
        Duration sinceUnsettled = Duration.ofMinutes(2).plus(HourlyDocuments.SETTLED_AFTER).plus(Duration.ofMinutes(1));
        for (int i = 1; i < table.askedFrom.size(); i++) {
            Instant asked = table.askedFrom.get(i);
            Instant readAt = table.askedAt.get(i);
            assertThat(Duration.between(asked, readAt)).as("query %d at %s asked from %s", i, readAt, asked)
                    .isLessThanOrEqualTo(sinceUnsettled);
        }
    }

    @Test
    void anHourOlderThanTheDayDropsOut() {
        Documents table = new Documents();
        table.created.add(Instant.parse("2026-12-01T08:30:00Z"));
        table.created.add(Instant.parse("2026-12-01T09:30:00Z"));
        HourlyDocuments hourly = new HourlyDocuments(table);
        assertThat(hourly.read(Instant.parse("2026-12-01T10:00:00Z"))).hasSize(2);
        Map<Instant, Integer> dayLater = hourly.read(Instant.parse("2026-12-02T09:05:00Z"));
        assertThat(dayLater).containsOnlyKeys(Instant.parse("2026-12-01T09:00:00Z"));
    }

    @Test
    void manyPagesWatchingTheKpisReadTheDatabaseAtMostOnceInFiveSeconds() throws Exception {
        Documents table = new Documents();
        table.created.add(START.minusSeconds(60));
        MovableClock clock = new MovableClock(START);
        KpiProperties properties = new KpiProperties(Duration.ofDays(7), 30_000L, Duration.ofMinutes(5));
        KpiGauges gauges = new KpiGauges(table, new SimpleMeterRegistry(), clock, properties, List.of("operations"));
        Kpis kpis = new Kpis(gauges, new SimpleMeterRegistry(), clock, properties);
        assertThat(table.backlogReads).as("nothing read while the hub starts").isZero();
        assertThat(table.automationReads).isZero();

        // Twenty pages polling at once, five times each: the first poll reads, every other one gets what it read.
        ExecutorService pages = Executors.newFixedThreadPool(20);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<KpiSnapshot>> polls = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                polls.add(pages.submit(() -> {
                    go.await();
                    return kpis.snapshot(null);
                }));
            }
            go.countDown();
            for (Future<KpiSnapshot> poll : polls) {
                KpiSnapshot snapshot = poll.get();
                assertThat(snapshot.databaseReadAt()).isEqualTo(START);
                assertThat(snapshot.documentsPerHour()).extracting(KpiSnapshot.HourCount::documents).containsExactly(1);
            }
        } finally {
            pages.shutdownNow();
        }
        assertThat(table.backlogReads).isEqualTo(1);
        assertThat(table.hourReads).as("one refresh: the minutes that settled, then the rest").isEqualTo(2);
        assertThat(table.automationReads).isEqualTo(1);

        clock.advance(Kpis.FRESH_FOR);
        kpis.snapshot(null);
        assertThat(table.backlogReads).as("5 s old is fresh enough").isEqualTo(1);

        // Older than that, the first poll reads again, once, and everyone gets what it read; automation keeps its 5 min.
        clock.advance(Duration.ofSeconds(26));
        table.created.add(clock.instant());
        KpiSnapshot later = kpis.snapshot(null);
        kpis.snapshot("US01");
        assertThat(table.backlogReads).isEqualTo(2);
        assertThat(table.automationReads).isEqualTo(1);
        assertThat(later.databaseReadAt()).isEqualTo(START.plusSeconds(31));
        assertThat(later.automationReadAt()).isEqualTo(START);
        assertThat(later.documentsPerHour()).extracting(KpiSnapshot.HourCount::documents).containsExactly(2);

        clock.advance(Duration.ofMinutes(5));
        assertThat(kpis.snapshot(null).automationReadAt()).isEqualTo(clock.instant());
        assertThat(table.automationReads).isEqualTo(2);
    }

    @Test
    void anEventsSecondDocumentIsRecognisedWithoutKeepingTheWholeWindowInMemory() {
        KpiQueries.RecentEvents seen = new KpiQueries.RecentEvents();
        Instant at = START;
        int counted = 0;
        int largest = 0;
        // 1,000,000 events of two documents each, one event a millisecond, each second document 5 ms after the first
        // with other events' documents in between: what a busy window streams in created_at order.
        for (int i = 0; i < 1_000_005; i++) {
            at = at.plusMillis(1);
            if (i < 1_000_000 && seen.firstDocument("event-" + i, at)) {
                counted++;
            }
            if (i >= 5 && seen.firstDocument("event-" + (i - 5), at)) {
                counted++;
            }
            largest = Math.max(largest, seen.size());
        }
        assertThat(counted).as("each event once").isEqualTo(1_000_000);
        assertThat(largest).as("events remembered: those of the last two minutes, not the million")
                .isLessThanOrEqualTo((int) KpiQueries.SAME_EVENT_WITHIN.toMillis() + 1);
    }

    @Test
    void aPageDoesNotWaitForARefreshUnderWayButGetsTheReadingsItReplaces() throws Exception {
        Documents table = new Documents();
        MovableClock clock = new MovableClock(START);
        KpiProperties properties = new KpiProperties(Duration.ofDays(7), 30_000L, Duration.ofMinutes(5));
        KpiGauges gauges = new KpiGauges(table, new SimpleMeterRegistry(), clock, properties, List.of("operations"));
        Kpis kpis = new Kpis(gauges, new SimpleMeterRegistry(), clock, properties);
        assertThat(kpis.snapshot(null).databaseReadAt()).isEqualTo(START);

        clock.advance(Duration.ofSeconds(31));
        table.slowBacklog = new CountDownLatch(1);
        ExecutorService route = Executors.newSingleThreadExecutor();
        ExecutorService page = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> slowRefresh = route.submit(gauges::refresh);
            await().until(() -> table.backlogReads == 2); // the route's refresh is reading
            KpiSnapshot meanwhile = page.submit(() -> kpis.snapshot(null)).get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(meanwhile.databaseReadAt()).as("the readings the refresh will replace").isEqualTo(START);
            table.slowBacklog.countDown();
            slowRefresh.get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(kpis.snapshot(null).databaseReadAt()).isEqualTo(START.plusSeconds(31));
            assertThat(table.backlogReads).as("the page read nothing itself").isEqualTo(2);
        } finally {
            table.slowBacklog.countDown();
            route.shutdownNow();
            page.shutdownNow();
        }
    }

    @Test
    void automationReadIncrementallyEqualsTheFullCountAndIsCountedWholeAgainEverySixHours() {
        Postings table = new Postings();
        AutomationWindow window = new AutomationWindow(table);
        Duration days = Duration.ofDays(7);
        Random random = new Random(4242);
        Instant now = START;
        int event = 0;
        // 8 days of postings, one read every 5 minutes: each read must equal a count of the whole window.
        for (int step = 0; step < 8 * 24 * 12; step++) {
            Instant end = now.plus(Duration.ofMinutes(5));
            for (int i = random.nextInt(20); i > 0; i--) {
                Instant at = now.plusMillis(random.nextLong(Duration.ofMinutes(5).toMillis()));
                table.add(new Posting("e" + event++, random.nextBoolean() ? "US01" : "DE01", at, random.nextInt(10) == 0));
            }
            // Late commits: documents created before the last read, committed after it, within the settle margin.
            for (int i = step == 0 ? 0 : random.nextInt(3); i > 0; i--) {
                Instant at = now.minusMillis(1 + random.nextLong(HourlyDocuments.SETTLED_AFTER.toMillis() - 1));
                table.add(new Posting("e" + event++, "US01", at, false));
            }
            now = end;
            assertThat(window.read(now, days)).as("at %s", now)
                    .isEqualTo(table.fullCount(KpiQueries.sliceOf(now.minus(days), AutomationWindow.SLICE)));
        }
        // Between the recounts each read asked only for the last slices that had not settled.
        List<Instant> firstDay = table.askedFrom.subList(0, 24 * 12);
        assertThat(firstDay.stream().filter(from -> from.isBefore(START.minus(Duration.ofDays(1)))).count())
                .as("reads of the whole window in the first day: the first, then every 6 hours").isEqualTo(4);
        // Between the recounts, back to the minute that had not settled at the read before: its 5 minutes, the settle
        // margin and the rest of that minute.
        Duration sinceUnsettled = Duration.ofMinutes(5).plus(HourlyDocuments.SETTLED_AFTER).plus(AutomationWindow.MINUTE);
        for (int i = 0; i < table.askedFrom.size(); i++) {
            Instant readAt = START.plus(Duration.ofMinutes(5L * (i + 1)));
            Duration back = Duration.between(table.askedFrom.get(i), readAt);
            assertThat(back.compareTo(Duration.ofDays(6)) > 0 || back.compareTo(sinceUnsettled) <= 0)
                    .as("read %d asked from %s back", i, back).isTrue();
        }
        // An exception raised later for an event of a settled slice: counted as touched at the next recount.
        Posting early = table.postings.get(10);
        table.postings.set(10, new Posting(early.event(), early.entity(), early.at(), true));
        Instant later = now.plus(AutomationWindow.RECOUNT_EVERY);
        assertThat(window.read(later, Duration.ofDays(30))).isEqualTo(table.fullCount(
                KpiQueries.sliceOf(later.minus(Duration.ofDays(30)), AutomationWindow.SLICE)));
    }

    private record Posting(String event, String entity, Instant at, boolean touched) {
    }

    /** The window's postings, counted by slice the way KpiQueries.automationBySlice does, with every read recorded. */
    private static final class Postings extends KpiQueries {
        final List<Posting> postings = new ArrayList<>();
        final List<Instant> askedFrom = new ArrayList<>();

        Postings() {
            super(null);
        }

        void add(Posting posting) {
            postings.add(posting);
        }

        @Override
        public Map<Instant, Map<List<String>, int[]>> automationBySlice(Instant since, Duration slice) {
            askedFrom.add(since);
            Map<Instant, Map<List<String>, int[]>> bySlice = new TreeMap<>();
            for (Posting p : postings) {
                if (!p.at().isBefore(since)) {
                    int[] c = bySlice.computeIfAbsent(sliceOf(p.at(), slice), s -> new TreeMap<>(KpiQueries::compare))
                            .computeIfAbsent(List.of(p.entity(), "acme-3pl", "SHIPMENT"), k -> new int[2]);
                    c[p.touched() ? 1 : 0]++;
                }
            }
            return bySlice;
        }

        List<AutomationRow> fullCount(Instant since) {
            Map<List<String>, int[]> counts = new TreeMap<>(KpiQueries::compare);
            for (Posting p : postings) {
                if (!p.at().isBefore(since)) {
                    counts.computeIfAbsent(List.of(p.entity(), "acme-3pl", "SHIPMENT"), k -> new int[2])[p.touched() ? 1 : 0]++;
                }
            }
            List<AutomationRow> rows = new ArrayList<>();
            counts.forEach((k, c) -> rows.add(new AutomationRow(k.get(0), k.get(1), k.get(2), c[0], c[1])));
            return rows;
        }
    }

    /** finance_document's created_at column, counted the way KpiQueries does, with every query recorded. */
    private static final class Documents extends KpiQueries {
        final List<Instant> created = new ArrayList<>();
        final List<Instant> askedFrom = new ArrayList<>();
        /** When each query in askedFrom ran, as the test sets it. */
        final List<Instant> askedAt = new ArrayList<>();
        Instant readAt;
        int hourReads;
        volatile int backlogReads;
        volatile CountDownLatch slowBacklog;
        int automationReads;

        Documents() {
            super(null);
        }

        @Override
        public synchronized Map<Instant, Integer> documentsPerHour(Instant since, Instant until) {
            hourReads++;
            askedFrom.add(since);
            askedAt.add(readAt);
            Map<Instant, Integer> perHour = new TreeMap<>();
            created.stream().filter(at -> !at.isBefore(since) && at.isBefore(until))
                    .forEach(at -> perHour.merge(at.truncatedTo(ChronoUnit.HOURS), 1, Integer::sum));
            return perHour;
        }

        Map<Instant, Integer> fullCount(Instant firstHour, Instant committedBy) {
            Map<Instant, Integer> perHour = new TreeMap<>();
            created.stream().filter(at -> !at.isBefore(firstHour) && !at.isAfter(committedBy))
                    .forEach(at -> perHour.merge(at.truncatedTo(ChronoUnit.HOURS), 1, Integer::sum));
            return perHour;
        }

        @Override
        public synchronized List<AgingRow> openExceptions(Instant now) {
            return List.of();
        }

        @Override
        public List<BacklogRow> backlog() {
            synchronized (this) {
                backlogReads++;
            }
            if (slowBacklog != null) {
                try {
                    slowBacklog.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return List.of(new BacklogRow("acme-3pl", "SHIPMENT", "ACCEPTED", 1));
        }

        @Override
        public synchronized Map<Instant, Map<List<String>, int[]>> automationBySlice(Instant since, Duration slice) {
            automationReads++;
            Map<List<String>, int[]> counts = new TreeMap<>(KpiQueries::compare);
            counts.put(List.of("US01", "acme-3pl", "SHIPMENT"), new int[]{3, 1});
            return new TreeMap<>(Map.of(sliceOf(START, slice), counts));
        }
    }
}
