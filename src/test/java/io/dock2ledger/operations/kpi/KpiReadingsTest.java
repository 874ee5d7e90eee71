package io.dock2ledger.operations.kpi;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
        // 30 hours of postings, read every 2 minutes: each document committed within 10 s of its created_at.
        for (int step = 0; step < 30 * 30; step++) {
            Instant end = now.plus(Duration.ofMinutes(2));
            for (int i = random.nextInt(50); i > 0; i--) {
                table.created.add(now.plusMillis(random.nextLong(Duration.ofMinutes(2).toMillis())));
            }
            now = end;
            Instant committedBy = now;
            Map<Instant, Integer> read = hourly.read(now);
            assertThat(read).as("at %s", now).isEqualTo(table.fullCount(now.minus(Duration.ofHours(24))
                    .truncatedTo(ChronoUnit.HOURS), committedBy));
        }
        // The first read asked from 24 hours back; every later one only from the last hour that had not settled when the
        // read before it ran (two minutes earlier).
        assertThat(table.askedFrom.get(0)).isEqualTo(START.plus(Duration.ofMinutes(2)).minus(Duration.ofHours(24))
                .truncatedTo(ChronoUnit.HOURS));
        for (int i = 1; i < table.askedFrom.size(); i++) {
            Instant readAt = START.plus(Duration.ofMinutes(2L * (i + 1)));
            assertThat(Duration.between(table.askedFrom.get(i), readAt))
                    .as("read %d asked from %s", i, table.askedFrom.get(i))
                    .isLessThanOrEqualTo(Duration.ofHours(1).plus(HourlyDocuments.SETTLED_AFTER).plus(Duration.ofMinutes(2)));
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
        MutableClock clock = new MutableClock(START);
        KpiProperties properties = new KpiProperties(Duration.ofDays(7), 30_000L, Duration.ofMinutes(5));
        KpiGauges gauges = new KpiGauges(table, new SimpleMeterRegistry(), clock, properties, List.of("operations"));
        Kpis kpis = new Kpis(gauges, new SimpleMeterRegistry(), clock, properties);
        assertThat(table.backlogReads).as("the first refresh, when the gauges are made").isEqualTo(1);
        assertThat(table.automationReads).isEqualTo(1);

        // Twenty pages polling at once, five times each, within 5 s of the last read: no read of their own.
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
        assertThat(table.hourReads).isEqualTo(1);

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

    /** finance_document's created_at column, counted the way KpiQueries does, with every query recorded. */
    private static final class Documents extends KpiQueries {
        final List<Instant> created = new ArrayList<>();
        final List<Instant> askedFrom = new ArrayList<>();
        int hourReads;
        int backlogReads;
        int automationReads;

        Documents() {
            super(null);
        }

        @Override
        public synchronized Map<Instant, Integer> documentsPerHour(Instant since, Instant until) {
            hourReads++;
            askedFrom.add(since);
            Map<Instant, Integer> perHour = new TreeMap<>();
            created.stream().filter(at -> !at.isBefore(since) && at.truncatedTo(ChronoUnit.HOURS).isBefore(until))
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
        public synchronized List<BacklogRow> backlog() {
            backlogReads++;
            return List.of(new BacklogRow("acme-3pl", "SHIPMENT", "ACCEPTED", 1));
        }

        @Override
        public synchronized List<AutomationRow> automation(Instant since) {
            automationReads++;
            return List.of(new AutomationRow("US01", "acme-3pl", "SHIPMENT", 3, 1));
        }
    }

    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
