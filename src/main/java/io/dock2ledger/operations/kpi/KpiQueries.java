package io.dock2ledger.operations.kpi;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The KPIs whose truth is in the shared database, not in one instance's memory: open exceptions by owner and age, the
 * open backlog, the automation rate, documents posted per hour. Every hub instance reads the same numbers, so a
 * dashboard takes the max over instances, never the sum.
 */
public class KpiQueries {

    /** Replayed by a person (the sweeper's automatic re-drives say otherwise); event_audit is indexed by event id. */
    private static final String REPLAYED = """
            exists (select 1 from event_audit a where a.event_id = d.event_id and a.stage = 'REDRIVEN'
                    and a.detail like 'replayed by %')""";

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
     * Events posted since {@code since} (by their documents), automatic or touched by a person: an exception was raised
     * for their business document (the reconciliation's own aside: those come after the posting) or a person replayed
     * them.
     */
    public List<AutomationRow> automation(Instant since) {
        Set<String> withExceptions = new HashSet<>(jdbc.queryForList("""
                select distinct partner || '|' || source_document from hub_exception
                where partner is not null and source_document is not null
                and (payload_ref is null or payload_ref not like 'reconciliation:%')""", String.class));
        Map<List<String>, int[]> counts = new TreeMap<>(KpiQueries::compare);
        Map<String, Boolean> seen = new HashMap<>();
        jdbc.query("""
                select d.event_id, d.entity, d.source_partner, d.source_event_type, d.source_document,
                       case when\s""" + REPLAYED + """
                 then 1 else 0 end
                from finance_document d where d.created_at >= ? and d.journal_kind <> 'REVERSAL'""", rs -> {
            if (seen.putIfAbsent(rs.getString(1), Boolean.TRUE) != null) {
                return; // an event's second document
            }
            boolean touched = rs.getInt(6) == 1 || withExceptions.contains(rs.getString(3) + "|" + rs.getString(5));
            int[] c = counts.computeIfAbsent(List.of(rs.getString(2), rs.getString(3), rs.getString(4)), k -> new int[2]);
            c[touched ? 1 : 0]++;
        }, Timestamp.from(since));
        List<AutomationRow> rows = new ArrayList<>();
        counts.forEach((k, c) -> rows.add(new AutomationRow(k.get(0), k.get(1), k.get(2), c[0], c[1])));
        return rows;
    }

    /** Finance documents posted per hour since {@code since}, keyed by the hour's start. */
    public Map<Instant, Integer> documentsPerHour(Instant since) {
        Map<Instant, Integer> perHour = new TreeMap<>();
        jdbc.query("select created_at from finance_document where created_at >= ?", rs -> {
            Instant at = rs.getTimestamp(1).toInstant();
            perHour.merge(at.truncatedTo(java.time.temporal.ChronoUnit.HOURS), 1, Integer::sum);
        }, Timestamp.from(since));
        return perHour;
    }

    private static int compare(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = String.valueOf(a.get(i)).compareTo(String.valueOf(b.get(i)));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
