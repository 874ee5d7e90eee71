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
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        KpiGauges gauges = new KpiGauges(table, meters, clock, properties, List.of("operations"));
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
        assertThat(table.settledReads).as("the first refresh: the window, from the 2 minutes before its first slice")
                .containsExactly(Instant.parse("2026-11-24T08:13:00Z"));

        // A refresh that does not publish counts the minute that settled since (08:15), and publishes nothing.
        clock.advance(Duration.ofSeconds(30));
        assertThat(kpis.snapshot(null).automationReadAt()).isEqualTo(START);
        assertThat(table.automationReads).isEqualTo(1);
        assertThat(table.settledReads).containsExactly(Instant.parse("2026-11-24T08:13:00Z"),
                Instant.parse("2026-12-01T08:15:00Z"));
        assertThat(later.databaseReadAt()).isEqualTo(START.plusSeconds(31));
        assertThat(later.automationReadAt()).isEqualTo(START);
        assertThat(later.documentsPerHour()).extracting(KpiSnapshot.HourCount::documents).containsExactly(2);

        clock.advance(Duration.ofMinutes(5));
        assertThat(kpis.snapshot(null).automationReadAt()).isEqualTo(clock.instant());
        assertThat(table.automationReads).isEqualTo(2);
        // Every refresh timed, by whether it published the automation rows.
        assertThat(meters.get("dock2ledger.kpi.refresh").tag("automation", "published").timer().count()).isEqualTo(2);
        assertThat(meters.get("dock2ledger.kpi.refresh").tag("automation", "counted").timer().count()).isEqualTo(2);
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
        // 8 days of postings, the route's refresh every 30 s, the rows published every 5 minutes: each publication
        // must equal a count of the whole window.
        for (int step = 0; step < 8 * 24 * 12; step++) {
            Instant end = now.plus(Duration.ofMinutes(5));
            for (int i = random.nextInt(20); i > 0; i--) {
                Instant at = now.plusMillis(random.nextLong(Duration.ofMinutes(5).toMillis()));
                String id = "e" + event++;
                table.add(new Posting(id, random.nextBoolean() ? "US01" : "DE01", at, random.nextInt(10) == 0));
                if (random.nextBoolean()) { // a second document, up to 3 s later: often in the next minute's read
                    table.add(new Posting(id, "US01", at.plusMillis(random.nextLong(3_000)), false));
                }
            }
            // An event's documents across the minute the refresh settles up to: one read counts it, the next knows it.
            Instant minute = KpiQueries.sliceOf(now.plus(Duration.ofMinutes(2)), AutomationWindow.MINUTE);
            String across = "e" + event++;
            table.add(new Posting(across, "DE01", minute.minusMillis(400), false));
            table.add(new Posting(across, "DE01", minute.plusMillis(300), false));
            // Late commits: documents created before the last read, committed after it, within the settle margin.
            for (int i = step == 0 ? 0 : random.nextInt(3); i > 0; i--) {
                Instant at = now.minusMillis(1 + random.nextLong(HourlyDocuments.SETTLED_AFTER.toMillis() - 1));
                table.add(new Posting("e" + event++, "US01", at, false));
            }
            for (Instant tick = now.plusSeconds(30); tick.isBefore(end); tick = tick.plusSeconds(30)) {
                table.now = tick;
                window.settle(tick, days);
            }
            now = end;
            table.now = now;
            assertThat(window.read(now, days)).as("at %s", now)
                    .isEqualTo(table.fullCount(KpiQueries.sliceOf(now.minus(days), AutomationWindow.SLICE)));
        }
        // The whole window was read the first time, then every 6 hours.
        List<Instant> recounts = new ArrayList<>();
        for (Instant at = START.plusSeconds(30); at.isBefore(now); at = at.plus(AutomationWindow.RECOUNT_EVERY)) {
            recounts.add(at);
        }
        assertThat(table.reads.stream().filter(Read::whole).map(Read::at).toList()).as("reads of the whole window")
                .isEqualTo(recounts);
        // Between them, a refresh reads only the minutes that settled since the one before (30 s, and the rest of a
        // minute), and a publication the minutes that have not settled: back to the settle margin and a minute.
        for (Read r : table.reads) {
            if (!r.whole()) {
                Duration back = Duration.between(r.since(), r.at());
                Duration most = r.until() == null ? HourlyDocuments.SETTLED_AFTER.plus(AutomationWindow.MINUTE)
                        : Duration.ofSeconds(30).plus(HourlyDocuments.SETTLED_AFTER).plus(AutomationWindow.MINUTE);
                assertThat(back).as("%s", r).isLessThanOrEqualTo(most);
            }
        }
        // So, outside the whole-window reads, no document is read more than twice: once by the publication that came
        // before its minute settled, once when it settled. (Reading 2 minutes back at each read to recognise events
        // read some documents 3 times.)
        assertThat(table.timesRead.values().stream().mapToInt(Integer::intValue).max().orElseThrow()).isEqualTo(2);
        // An exception raised later for an event of a settled slice: counted as touched at the next recount.
        table.touch(table.firstEvent(10));
        Instant later = now.plus(AutomationWindow.RECOUNT_EVERY);
        table.now = later;
        assertThat(window.read(later, Duration.ofDays(30))).isEqualTo(table.fullCount(
                KpiQueries.sliceOf(later.minus(Duration.ofDays(30)), AutomationWindow.SLICE)));
    }

    @Test
    void aCountThatFailsPartWayIsNotTrustedTheWholeWindowIsCountedAgain() {
        Postings table = new Postings();
        AutomationWindow window = new AutomationWindow(table);
        Duration days = Duration.ofDays(7);
        table.now = START;
        window.settle(START, days);
        // Three events of two documents each in the next minute, then a read that fails after their first documents.
        Instant minute = KpiQueries.sliceOf(START, AutomationWindow.MINUTE);
        for (int i = 0; i < 3; i++) {
            table.add(new Posting("f" + i, "US01", minute.plusSeconds(10L * i), false));
            table.add(new Posting("f" + i, "US01", minute.plusSeconds(10L * i + 1), false));
        }
        table.failAfter = 3;
        Instant later = START.plus(Duration.ofMinutes(4));
        table.now = later;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> window.settle(later, days))
                .hasMessageContaining("connection lost");
        table.failAfter = -1;
        assertThat(window.read(later, days)).as("each event once")
                .isEqualTo(table.fullCount(KpiQueries.sliceOf(later.minus(days), AutomationWindow.SLICE)))
                .extracting(KpiQueries.AutomationRow::automatic).containsExactly(3);
        assertThat(table.reads.get(table.reads.size() - 1).until()).as("published").isNull();
        assertThat(table.reads.get(table.reads.size() - 2).whole()).as("after the window counted again").isTrue();
    }

    private record Posting(String event, String entity, Instant at, boolean touched) {
    }

    /** A read at {@code at} of the documents from {@code since} until before {@code until} (null: to the present). */
    private record Read(Instant at, Instant since, Instant until) {
        boolean whole() {
            return since.isBefore(at.minus(Duration.ofDays(1)));
        }
    }

    /**
     * The window's postings (documents), read the way KpiQueries.automationBySlice reads them (in created_at order, an
     * event counted at its first document unless the events read before hold it), with every read recorded.
     */
    private static final class Postings extends KpiQueries {
        final java.util.NavigableMap<Instant, List<Posting>> byTime = new TreeMap<>();
        /** Whether each event was touched, the events in the order they were posted. */
        final Map<String, Boolean> touchedEvents = new java.util.LinkedHashMap<>();
        final List<Read> reads = new ArrayList<>();
        /** Documents a read feeds before it fails as a lost connection would; -1: none fails. */
        int failAfter = -1;
        /** How often each document was read, outside the reads of the whole window. */
        final Map<Posting, Integer> timesRead = new java.util.IdentityHashMap<>();
        Instant now;

        Postings() {
            super(null);
        }

        void add(Posting posting) {
            byTime.computeIfAbsent(posting.at(), k -> new ArrayList<>()).add(posting);
            touchedEvents.merge(posting.event(), posting.touched(), Boolean::logicalOr);
        }

        String firstEvent(int index) {
            return touchedEvents.keySet().stream().skip(index).findFirst().orElseThrow();
        }

        void touch(String event) {
            touchedEvents.put(event, true);
        }

        @Override
        Map<Instant, Map<List<String>, int[]>> automationBySlice(Instant since, Instant until, Duration slice,
                                                                 RecentEvents seen) {
            Read read = new Read(now, since, until);
            reads.add(read);
            Map<Instant, Map<List<String>, int[]>> bySlice = new TreeMap<>();
            (until == null ? byTime.tailMap(since, true) : byTime.subMap(since, true, until, false)).values()
                    .forEach(documents -> documents.forEach(p -> {
                        if (failAfter == 0) {
                            throw new org.springframework.dao.DataAccessResourceFailureException("connection lost");
                        }
                        if (failAfter > 0) {
                            failAfter--;
                        }
                        if (!read.whole()) {
                            timesRead.merge(p, 1, Integer::sum);
                        }
                        if (seen.firstDocument(p.event(), p.at())) {
                            int[] c = bySlice.computeIfAbsent(sliceOf(p.at(), slice), s -> new TreeMap<>(KpiQueries::compare))
                                    .computeIfAbsent(List.of(p.entity(), "acme-3pl", "SHIPMENT"), k -> new int[2]);
                            c[touchedEvents.get(p.event()) ? 1 : 0]++;
                        }
                    }));
            return bySlice;
        }

        /** Every event once, at its first document, if that is in the window. */
        List<AutomationRow> fullCount(Instant since) {
            Map<String, Posting> firsts = new java.util.HashMap<>();
            byTime.values().forEach(documents -> documents.forEach(p -> firsts.putIfAbsent(p.event(), p)));
            Map<List<String>, int[]> counts = new TreeMap<>(KpiQueries::compare);
            for (Posting p : firsts.values()) {
                if (!p.at().isBefore(since)) {
                    counts.computeIfAbsent(List.of(p.entity(), "acme-3pl", "SHIPMENT"), k -> new int[2])
                            [touchedEvents.get(p.event()) ? 1 : 0]++;
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
        /** Where each read of the minutes that settled began. */
        final List<Instant> settledReads = new ArrayList<>();

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

        /** Counts the reads to the present (the rows published); a refresh's read of the minutes that settled is not. */
        @Override
        synchronized Map<Instant, Map<List<String>, int[]>> automationBySlice(Instant since, Instant until, Duration slice,
                                                                              RecentEvents seen) {
            if (until != null) {
                settledReads.add(since);
                return new TreeMap<>();
            }
            automationReads++;
            Map<List<String>, int[]> counts = new TreeMap<>(KpiQueries::compare);
            counts.put(List.of("US01", "acme-3pl", "SHIPMENT"), new int[]{3, 1});
            return new TreeMap<>(Map.of(sliceOf(START, slice), counts));
        }
    }
}
