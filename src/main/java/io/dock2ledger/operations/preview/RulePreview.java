package io.dock2ledger.operations.preview;

import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.masterdata.Warehouse;
import io.dock2ledger.posting.documents.FinanceDocument;
import io.dock2ledger.posting.documents.JournalLine;
import io.dock2ledger.posting.rules.InMemoryPostingState;
import io.dock2ledger.posting.rules.PostingEngine;
import io.dock2ledger.posting.rules.PostingOutcome;
import io.dock2ledger.posting.rules.RuleBook;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The rule-change preview: replays the stored canonical events against a candidate rule book and shows, document by
 * document, how its journals differ from what was posted, without posting or storing anything.
 * <p>
 * The posting rules keep state between events (shipped quantities, posted receipts, transfer legs), so a period cannot
 * be replayed alone: the candidate sees every stored event in the order they posted (events never posted: in the order
 * they arrived), each against a {@link PostingEngine} built from the candidate with its own in-memory state, and only
 * the period's events are reported. Today's rules are replayed beside it the same way, so that a difference caused by
 * master data changed since the posting is told apart from one the candidate causes.
 */
public class RulePreview {

    private final JdbcTemplate jdbc;
    private final CanonicalEventStore events;
    private final MasterData masterData;

    public RulePreview(JdbcTemplate jdbc, CanonicalEventStore events, MasterData masterData) {
        this.jdbc = jdbc;
        this.events = events;
        this.masterData = masterData;
    }

    /** @param entity a legal entity, or null for all */
    public PreviewReport preview(RuleBook current, RuleBook candidate, String rulesSource, String entity,
                                 LocalDate from, LocalDate to) {
        PostingEngine currentEngine = new PostingEngine(masterData, current, new InMemoryPostingState());
        PostingEngine candidateEngine = new PostingEngine(masterData, candidate, new InMemoryPostingState());
        Set<String> currentKeys = new HashSet<>();
        Set<String> candidateKeys = new HashSet<>();
        Map<String, List<Posted>> postedByEvent = postedDocuments();

        List<PreviewReport.DocumentDiff> diffs = new ArrayList<>();
        int eventCount = 0;
        int compared = 0;
        for (Stored stored : history(postedByEvent)) {
            CanonicalEvent event = stored.event;
            String key = event.source().partner() + '\u0000' + event.type() + '\u0000' + event.source().documentId();
            PostingOutcome byCurrent = currentKeys.contains(key) ? null : currentEngine.post(event);
            PostingOutcome byCandidate = candidateKeys.contains(key) ? null : candidateEngine.post(event);
            if (byCurrent instanceof PostingOutcome.Posted) {
                currentKeys.add(key);
            }
            if (byCandidate instanceof PostingOutcome.Posted) {
                candidateKeys.add(key);
            }
            LocalDate date = stored.businessDate;
            if (date == null || date.isBefore(from) || date.isAfter(to)) {
                continue;
            }
            List<Posted> posted = postedByEvent.getOrDefault(event.eventId(), List.of());
            List<FinanceDocument> candidateDocs = documents(byCandidate);
            String eventEntity = !posted.isEmpty() ? posted.get(0).entity
                    : !candidateDocs.isEmpty() ? candidateDocs.get(0).entity()
                    : Optional.ofNullable(event.warehouse()).flatMap(masterData::warehouse).map(Warehouse::entity).orElse(null);
            if (entity != null && !entity.equals(eventEntity)) {
                continue;
            }
            if (posted.isEmpty() && candidateDocs.isEmpty()) {
                continue; // nothing posted, nothing would be
            }
            eventCount++;
            List<FinanceDocument> currentDocs = documents(byCurrent);
            Set<String> kinds = new TreeSet<>();
            posted.forEach(p -> kinds.add(p.journalKind));
            candidateDocs.forEach(d -> kinds.add(d.journalKind()));
            for (String kind : kinds) {
                Optional<Posted> was = posted.stream().filter(p -> p.journalKind.equals(kind)).findFirst();
                Optional<FinanceDocument> would = candidateDocs.stream().filter(d -> d.journalKind().equals(kind)).findFirst();
                Optional<FinanceDocument> today = currentDocs.stream().filter(d -> d.journalKind().equals(kind)).findFirst();
                Map<String, BigDecimal> wasLines = was.map(p -> p.byAccount).orElse(Map.of());
                Map<String, BigDecimal> wouldLines = would.map(RulePreview::byAccount).orElse(Map.of());
                boolean reproduced = was.isPresent() && today.isPresent() && same(wasLines, byAccount(today.get()));
                PreviewReport.Change change = was.isEmpty() ? PreviewReport.Change.NEW
                        : would.isEmpty() ? PreviewReport.Change.DROPPED
                        : same(wasLines, wouldLines) ? PreviewReport.Change.SAME : PreviewReport.Change.CHANGED;
                compared++;
                diffs.add(new PreviewReport.DocumentDiff(event.source().documentId(), event.type(), event.eventId(), date,
                        eventEntity, kind, was.map(p -> p.number).orElse(null), change, describe(byCandidate), reproduced, accountDiffs(wasLines, wouldLines)));
            }
        }
        diffs.sort(Comparator.comparing(PreviewReport.DocumentDiff::businessDate)
                .thenComparing(PreviewReport.DocumentDiff::sourceDocument)
                .thenComparing(PreviewReport.DocumentDiff::journalKind));
        int changed = (int) diffs.stream().filter(d -> d.change() != PreviewReport.Change.SAME).count();
        int drift = (int) diffs.stream().filter(d -> d.documentNumber() != null && !d.reproducedByCurrentRules()).count();
        return new PreviewReport(entity, from, to, rulesSource, eventCount, compared, changed, drift, diffs);
    }

    private static String describe(PostingOutcome outcome) {
        if (outcome == null) {
            return "DUPLICATE";
        }
        if (outcome instanceof PostingOutcome.Posted) {
            return "POSTED";
        }
        if (outcome instanceof PostingOutcome.NothingToPost n) {
            return "NOTHING_TO_POST: " + n.reason();
        }
        if (outcome instanceof PostingOutcome.Waiting w) {
            return "WAITING: " + w.reason();
        }
        PostingOutcome.Rejected r = (PostingOutcome.Rejected) outcome;
        return "REJECTED " + r.category() + ": " + r.reason();
    }

    private static List<FinanceDocument> documents(PostingOutcome outcome) {
        return outcome instanceof PostingOutcome.Posted p ? p.documents() : List.of();
    }

    private static List<PreviewReport.AccountDiff> accountDiffs(Map<String, BigDecimal> was, Map<String, BigDecimal> would) {
        Set<String> accounts = new TreeSet<>(was.keySet());
        accounts.addAll(would.keySet());
        List<PreviewReport.AccountDiff> lines = new ArrayList<>();
        for (String account : accounts) {
            BigDecimal p = was.get(account);
            BigDecimal c = would.get(account);
            BigDecimal difference = Objects.requireNonNullElse(c, BigDecimal.ZERO)
                    .subtract(Objects.requireNonNullElse(p, BigDecimal.ZERO));
            lines.add(new PreviewReport.AccountDiff(account, p, c, difference));
        }
        return lines;
    }

    private static boolean same(Map<String, BigDecimal> a, Map<String, BigDecimal> b) {
        Set<String> accounts = new TreeSet<>(a.keySet());
        accounts.addAll(b.keySet());
        for (String account : accounts) {
            BigDecimal x = a.getOrDefault(account, BigDecimal.ZERO);
            BigDecimal y = b.getOrDefault(account, BigDecimal.ZERO);
            if (x.compareTo(y) != 0) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, BigDecimal> byAccount(FinanceDocument document) {
        Map<String, BigDecimal> lines = new TreeMap<>();
        for (JournalLine line : document.journalLines()) {
            lines.merge(line.account(), line.signedAmount(), BigDecimal::add);
        }
        return lines;
    }

    /** Every stored event but the duplicates, in the order they posted; never-posted ones where they arrived. */
    private List<Stored> history(Map<String, List<Posted>> postedByEvent) {
        List<Stored> all = new ArrayList<>();
        jdbc.query("""
                select event_id, business_date, received_at, payload from canonical_event
                where status <> 'DUPLICATE'""", rs -> {
            String eventId = rs.getString(1);
            Date date = rs.getDate(2);
            List<Posted> posted = postedByEvent.get(eventId);
            Instant order = posted != null && !posted.isEmpty() ? posted.get(0).createdAt : rs.getTimestamp(3).toInstant();
            long firstDoc = posted != null && !posted.isEmpty() ? posted.get(0).id : Long.MAX_VALUE;
            all.add(new Stored(eventId, date == null ? null : date.toLocalDate(), order, firstDoc,
                    events.fromJson(rs.getString(4))));
        });
        all.sort(Comparator.comparing(Stored::order).thenComparingLong(Stored::firstDocument)
                .thenComparing(Stored::eventId));
        return all;
    }

    /** Posted documents that stand (not reversed, not reversals), by event, with their journals by account. */
    private Map<String, List<Posted>> postedDocuments() {
        Map<Long, Posted> byId = new LinkedHashMap<>();
        jdbc.query("""
                select id, document_number, journal_kind, entity, event_id, created_at from finance_document
                where status <> 'REVERSED' and journal_kind <> 'REVERSAL' order by id""", rs -> {
            byId.put(rs.getLong(1), new Posted(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getTimestamp(6).toInstant(), new TreeMap<>()));
        });
        jdbc.query("""
                select l.document_id, l.account, l.debit, l.credit from finance_document_line l
                where l.line_type <> 'INVOICE'""", rs -> {
            Posted doc = byId.get(rs.getLong(1));
            if (doc != null) {
                BigDecimal debit = Objects.requireNonNullElse(rs.getBigDecimal(3), BigDecimal.ZERO);
                BigDecimal credit = Objects.requireNonNullElse(rs.getBigDecimal(4), BigDecimal.ZERO);
                doc.byAccount.merge(rs.getString(2), debit.subtract(credit), BigDecimal::add);
            }
        });
        Map<String, List<Posted>> byEvent = new HashMap<>();
        byId.values().forEach(p -> byEvent.computeIfAbsent(p.eventId, k -> new ArrayList<>()).add(p));
        return byEvent;
    }

    private record Stored(String eventId, LocalDate businessDate, Instant order, long firstDocument, CanonicalEvent event) {
    }

    private record Posted(long id, String number, String journalKind, String entity, String eventId, Instant createdAt,
                          Map<String, BigDecimal> byAccount) {
    }
}
