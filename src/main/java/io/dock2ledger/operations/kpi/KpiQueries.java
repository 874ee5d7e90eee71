package io.dock2ledger.operations.kpi;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The KPIs whose truth is in the shared database, not in one instance's memory: open exceptions by owner and age, the
 * open backlog, the automation rate, documents posted per hour. Every hub instance reads the same numbers, so a
 * dashboard takes the max over instances, never the sum.
 */
public class KpiQueries {

    /**
     * Replayed by a person (the sweeper's automatic re-drives are not): the replay writes one {@code replayed_event}
     * row an event (migration V74), keyed by the arrival number the document carries too. Reading the event's audit
     * trail for a REDRIVEN row instead cost 20-25 µs a document on a large H2 file.
     */
    private static final String REPLAYED = "exists (select 1 from replayed_event r where r.event_seq = d.event_seq)";

    /**
     * An exception raised for the document's business document, the reconciliation's own aside excepted: one probe of
     * the index on (partner, source_document) (migration V10). It read every exception ever raised into a set at each
     * read instead, which the refresh every 30 s would have repeated over a table that only grows.
     */
    private static final String EXCEPTION_RAISED = """
            exists (select 1 from hub_exception x where x.partner = d.source_partner
                    and x.source_document = d.source_document
                    and (x.payload_ref is null or x.payload_ref not like 'reconciliation:%'))""";

    public record AgingRow(String owner, String age, int open) {
    }

    public record BacklogRow(String partner, String type, String status, int events) {
    }

    public record AutomationRow(String entity, String partner, String type, int automatic, int touched) {
        public int all() {
            return automatic + touched;
        }
    }

    private final JdbcTemplate jdbc;

    public KpiQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<AgingRow> openExceptions(Instant now) {
        Map<List<String>, Integer> counts = new TreeMap<>(KpiQueries::compare);
        jdbc.query("select owner, created_at from hub_exception where status = 'OPEN'", rs -> {
            String age = AgeBucket.of(Duration.between(rs.getTimestamp(2).toInstant(), now)).label();
            counts.merge(List.of(rs.getString(1), age), 1, Integer::sum);
        });
        List<AgingRow> rows = new ArrayList<>();
        counts.forEach((k, n) -> rows.add(new AgingRow(k.get(0), k.get(1), n)));
        return rows;
    }

    /** Accepted events not yet decided, waiting events, and failed ones an open exception still holds. */
    public List<BacklogRow> backlog() {
        List<BacklogRow> rows = new ArrayList<>(jdbc.query("""
                select partner, event_type, status, count(*) from canonical_event
                where status in ('ACCEPTED', 'WAITING') group by partner, event_type, status""",
                (rs, n) -> new BacklogRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4))));
        rows.addAll(jdbc.query("""
                select e.partner, e.event_type, count(*) from canonical_event e
                where e.status = 'FAILED' and exists (select 1 from hub_exception x where x.event_id = e.event_id
                                                      and x.status = 'OPEN')
                group by e.partner, e.event_type""",
                (rs, n) -> new BacklogRow(rs.getString(1), rs.getString(2), "FAILED", rs.getInt(3))));
        return rows;
    }

    /**
     * Events posted from {@code since} until before {@code until} (null: to the present), by their documents,
     * automatic or touched by a person (an exception was raised for their business document, the reconciliation's own
     * aside excepted, or a person replayed them), by the time slice (UTC, from the epoch) of each event's first
     * document: [automatic, touched] by [entity, partner, type]. An event is counted only if {@code seen} does not
     * hold it yet: {@code seen} remembers the events of the documents read before and goes on to the next read, so
     * consecutive reads ({@link AutomationWindow} reads the window minute by minute as the minutes settle) need not
     * read back to recognise an event's second document. A first read starts {@link #SAME_EVENT_WITHIN} early, only
     * to know the events begun just before.
     * <p>
     * The window holds every document of the last {@code dock2ledger.kpi.window} (7 days): millions at a busy site. So
     * the rows are read in {@code created_at} order with a fetch size (PostgreSQL's driver otherwise holds the whole
     * result in memory), and an event's second document is recognised among the events of the last
     * {@link #SAME_EVENT_WITHIN} only: an event's documents are stored by one posting, a few milliseconds apart. The
     * first version kept every event id of the window in a map, ~100 bytes an event: 700 MB for 7 million events.
     */
    Map<Instant, Map<List<String>, int[]>> automationBySlice(Instant since, Instant until, Duration slice,
                                                             RecentEvents seen) {
        Map<Instant, Map<List<String>, int[]>> bySlice = new TreeMap<>();
        String sql = """
                select d.event_id, d.entity, d.source_partner, d.source_event_type,
                       case when\s""" + REPLAYED + " or " + EXCEPTION_RAISED + """
                 then 1 else 0 end, d.created_at
                from finance_document d where d.created_at >= ?\s""" + (until == null ? "" : "and d.created_at < ? ") + """
                and d.journal_kind <> 'REVERSAL'
                order by d.created_at""";
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            // PostgreSQL streams a result with a fetch size only inside a transaction; H2 spills large results to disk.
            boolean ownTransaction = connection.getAutoCommit();
            if (ownTransaction) {
                connection.setAutoCommit(false);
            }
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setFetchSize(FETCH_SIZE);
                statement.setTimestamp(1, Timestamp.from(since));
                if (until != null) {
                    statement.setTimestamp(2, Timestamp.from(until));
                }
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        Instant createdAt = rs.getTimestamp(6).toInstant();
                        if (!seen.firstDocument(rs.getString(1), createdAt)) {
                            continue; // an event's second document
                        }
                        boolean touched = rs.getInt(5) == 1;
                        int[] c = bySlice.computeIfAbsent(sliceOf(createdAt, slice),
                                        h -> new TreeMap<>(KpiQueries::compare))
                                .computeIfAbsent(List.of(rs.getString(2), rs.getString(3), rs.getString(4)), k -> new int[2]);
                        c[touched ? 1 : 0]++;
                    }
                }
            } finally {
                if (ownTransaction) {
                    connection.rollback(); // it only read
                    connection.setAutoCommit(true);
                }
            }
            return null;
        });
        return bySlice;
    }

    /** The start of the slice {@code at} falls in, slices counted from the epoch (hours and days fall on UTC's). */
    static Instant sliceOf(Instant at, Duration slice) {
        long millis = at.toEpochMilli();
        return Instant.ofEpochMilli(millis - Math.floorMod(millis, slice.toMillis()));
    }

    /** How far apart in {@code created_at} the documents of one event may be (one posting stores them together). */
    static final Duration SAME_EVENT_WITHIN = Duration.ofMinutes(2);
    private static final int FETCH_SIZE = 1000;

    /**
     * The events of the last {@link #SAME_EVENT_WITHIN} of documents read in {@code created_at} order. {@link #after()}
     * reads on from them without changing them: the minutes that have not settled yet are read at every refresh
     * from where the settled ones stopped.
     */
    static final class RecentEvents {
        private final Map<String, Instant> recent = new HashMap<>();
        private final ArrayDeque<Map.Entry<String, Instant>> order = new ArrayDeque<>();
        private final RecentEvents before;

        RecentEvents() {
            this(null);
        }

        private RecentEvents(RecentEvents before) {
            this.before = before;
        }

        /** Events read from here on, knowing these (which stay as they are). */
        RecentEvents after() {
            return new RecentEvents(this);
        }

        /** @return true for the first document of its event */
        boolean firstDocument(String eventId, Instant createdAt) {
            Instant horizon = createdAt.minus(SAME_EVENT_WITHIN);
            while (!order.isEmpty() && order.peekFirst().getValue().isBefore(horizon)) {
                Map.Entry<String, Instant> old = order.pollFirst();
                recent.remove(old.getKey(), old.getValue());
            }
            if (before != null) {
                Instant earlier = before.recent.get(eventId);
                if (earlier != null && !earlier.isBefore(horizon)) {
                    return false;
                }
            }
            if (recent.putIfAbsent(eventId, createdAt) != null) {
                return false;
            }
            order.addLast(Map.entry(eventId, createdAt));
            return true;
        }

        int size() {
            return recent.size();
        }
    }

    /**
     * Finance documents posted per hour (the hour's start, UTC) created from {@code since} until before {@code until}:
     * one count of the {@code created_at} index a hour, so nothing but the counts is read, in memory or over the wire.
     */
    public Map<Instant, Integer> documentsPerHour(Instant since, Instant until) {
        Map<Instant, Integer> perHour = new TreeMap<>();
        for (Instant hour = since.truncatedTo(ChronoUnit.HOURS); hour.isBefore(until); hour = hour.plus(Duration.ofHours(1))) {
            Instant from = hour.isBefore(since) ? since : hour;
            Instant to = hour.plus(Duration.ofHours(1)).isAfter(until) ? until : hour.plus(Duration.ofHours(1));
            Integer n = jdbc.queryForObject("select count(*) from finance_document where created_at >= ? and created_at < ?",
                    Integer.class, Timestamp.from(from), Timestamp.from(to));
            if (n != null && n > 0) {
                perHour.put(hour, n);
            }
        }
        return perHour;
    }

    static int compare(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = String.valueOf(a.get(i)).compareTo(String.valueOf(b.get(i)));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
