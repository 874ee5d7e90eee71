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
 * The rule-change preview: replays the stored canonical events of a period against a candidate rule book and shows,
 * document by document, how its journals differ from what was posted, without posting or storing anything.
 * <p>
 * Only the period is replayed, plus the state its events need. The posting rules keep state between events (shipped
 * and returned quantities of order lines, credits under an RMA, returns on hold, posted receipts for landed costs,
 * transfer legs), so each period event must meet the state it met when it posted. That state is rebuilt by replaying,
 * before and among the period's events in the order they posted, only the other events that touched the same keys:
 * the posted documents of the same sales orders (an RMA counts as its order), the held returns of the same RMAs, the
 * posted receipts of the same purchase orders and receipt ids, and the legs of the same transfers; found through
 * indexed columns ({@code finance_document.order_ref}, {@code posting_receipt}, {@code posting_return_hold},
 * {@code canonical_event.source_document}), never by reading the history. So the cost follows the period and the
 * life of the documents it touches, not the whole history. Each engine has its own in-memory state.
 * Today's rules are replayed beside the candidate the same way, so that a difference caused by master data changed
 * since the posting is told apart from one the candidate causes.
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
        Map<String, Stored> period = periodEvents(from, to);
        Map<String, Stored> state = stateEvents(period);
        Set<String> replayed = new HashSet<>(period.keySet());
        replayed.addAll(state.keySet());
        Map<String, List<Posted>> postedByEvent = postedDocuments(replayed);

        List<PreviewReport.DocumentDiff> diffs = new ArrayList<>();
        int eventCount = 0;
        int compared = 0;
        List<Stored> replay = replayOrder(period, state, postedByEvent);
        List<String> stateDocuments = new ArrayList<>();
        for (Stored stored : replay) {
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
            if (!period.containsKey(stored.eventId)) {
                stateDocuments.add(event.source().documentId());
                continue; // replayed for the state it leaves, not reported
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
        return new PreviewReport(entity, from, to, rulesSource, eventCount, compared, changed, drift, replay.size(),
                stateDocuments, diffs);
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

    /** The period's stored events (business date in [from, to]) but the duplicates, by event id. */
    private Map<String, Stored> periodEvents(LocalDate from, LocalDate to) {
        Map<String, Stored> period = new LinkedHashMap<>();
        String sql = """
                select e.event_id, e.business_date, e.received_at, p.payload from canonical_event e %s
                where e.business_date between ? and ? and e.status <> 'DUPLICATE'"""
                .formatted(CanonicalEventStore.WITH_PAYLOAD);
        jdbc.query(sql, rs -> {
            Date date = rs.getDate(2);
            period.put(rs.getString(1), new Stored(rs.getString(1), date == null ? null : date.toLocalDate(),
                    rs.getTimestamp(3).toInstant(), Long.MAX_VALUE, events.fromJson(rs.getString(4))));
        }, Date.valueOf(from), Date.valueOf(to));
        return period;
    }

    /**
     * The events outside the period whose postings shaped the state the period's events met: those that touched the
     * same order lines, RMAs, receipts or transfers (see the class comment). Read by id through indexed columns.
     */
    private Map<String, Stored> stateEvents(Map<String, Stored> period) {
        Set<String> orders = new TreeSet<>();
        Set<String> rmas = new TreeSet<>();
        Set<String> purchaseOrders = new TreeSet<>();
        Set<String> receipts = new TreeSet<>();
        Set<String> transfers = new TreeSet<>();
        for (Stored stored : period.values()) {
            var refs = stored.event.references();
            addIfPresent(orders, refs.order());
            addIfPresent(purchaseOrders, refs.purchaseOrder());
            addIfPresent(receipts, refs.receipt());
            addIfPresent(transfers, refs.transfer());
            if (refs.rma() != null && !refs.rma().isBlank()) {
                rmas.add(refs.rma());
                masterData.returnAuthorization(refs.rma()).ifPresent(rma -> orders.add(rma.orderId()));
            }
        }
        Set<String> ids = new TreeSet<>();
        ids.addAll(inChunks("select event_id from finance_document where order_ref in (%s)", orders));
        ids.addAll(inChunks("select event_id from posting_return_hold where rma_id in (%s)", rmas));
        receipts.addAll(inChunks("select receipt_id from posting_receipt where purchase_order in (%s)", purchaseOrders));
        ids.addAll(inChunks("select event_id from canonical_event where status = 'POSTED' and source_document in (%s)",
                receipts));
        ids.addAll(inChunks("select event_id from canonical_event where status <> 'DUPLICATE' and source_document in (%s)",
                transfers));
        ids.removeAll(period.keySet());
        Map<String, Stored> state = new LinkedHashMap<>();
        forChunks(ids, chunk -> jdbc.query("select e.event_id, e.received_at, p.payload from canonical_event e "
                + CanonicalEventStore.WITH_PAYLOAD
                + " where e.status <> 'DUPLICATE' and e.event_id in (" + placeholders(chunk.size()) + ")",
                rs -> {
                    state.put(rs.getString(1), new Stored(rs.getString(1), null, rs.getTimestamp(2).toInstant(),
                            Long.MAX_VALUE, events.fromJson(rs.getString(3))));
                }, chunk.toArray()));
        return state;
    }

    /**
     * The period's and the state's events in the order they posted (by their first document); never-posted ones where
     * they arrived. A state event posted after every period event cannot have shaped their state: it is left out.
     */
    private static List<Stored> replayOrder(Map<String, Stored> period, Map<String, Stored> state,
                                            Map<String, List<Posted>> postedByEvent) {
        List<Stored> all = new ArrayList<>();
        for (Stored stored : period.values()) {
            all.add(ordered(stored, postedByEvent));
        }
        Instant lastOfPeriod = all.stream().map(Stored::order).max(Comparator.naturalOrder()).orElse(Instant.MIN);
        for (Stored stored : state.values()) {
            Stored inOrder = ordered(stored, postedByEvent);
            if (!inOrder.order.isAfter(lastOfPeriod)) {
                all.add(inOrder);
            }
        }
        all.sort(Comparator.comparing(Stored::order).thenComparingLong(Stored::firstDocument)
                .thenComparing(Stored::eventId));
        return all;
    }

    /** Ordered by its first posted document; a never-posted event (a held return) where it arrived. */
    private static Stored ordered(Stored stored, Map<String, List<Posted>> postedByEvent) {
        List<Posted> posted = postedByEvent.get(stored.eventId);
        boolean wasPosted = posted != null && !posted.isEmpty();
        return new Stored(stored.eventId, stored.businessDate, wasPosted ? posted.get(0).createdAt : stored.order,
                wasPosted ? posted.get(0).id : Long.MAX_VALUE, stored.event);
    }

    /** Posted documents of these events that stand (not reversed, not reversals), with their journals by account. */
    private Map<String, List<Posted>> postedDocuments(Set<String> eventIds) {
        Map<Long, Posted> byId = new LinkedHashMap<>();
        forChunks(eventIds, chunk -> jdbc.query("""
                select id, document_number, journal_kind, entity, event_id, created_at from finance_document
                where status <> 'REVERSED' and journal_kind <> 'REVERSAL'
                  and event_seq in (select seq from canonical_event where event_id in (%s))"""
                .formatted(placeholders(chunk.size())), rs -> {
            byId.put(rs.getLong(1), new Posted(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getTimestamp(6).toInstant(), new TreeMap<>()));
        }, chunk.toArray()));
        forChunks(byId.keySet(), chunk -> jdbc.query("""
                select l.document_id, l.account, l.debit, l.credit from finance_document_line l
                where l.line_type <> 'INVOICE' and l.document_id in (%s)""".formatted(placeholders(chunk.size())), rs -> {
            Posted doc = byId.get(rs.getLong(1));
            BigDecimal debit = Objects.requireNonNullElse(rs.getBigDecimal(3), BigDecimal.ZERO);
            BigDecimal credit = Objects.requireNonNullElse(rs.getBigDecimal(4), BigDecimal.ZERO);
            doc.byAccount.merge(rs.getString(2), debit.subtract(credit), BigDecimal::add);
        }, chunk.toArray()));
        Map<String, List<Posted>> byEvent = new HashMap<>();
        byId.values().forEach(p -> byEvent.computeIfAbsent(p.eventId, k -> new ArrayList<>()).add(p));
        return byEvent;
    }

    private static final int CHUNK = 500;

    private List<String> inChunks(String sql, Set<String> values) {
        List<String> found = new ArrayList<>();
        forChunks(values, chunk -> found.addAll(jdbc.queryForList(sql.formatted(placeholders(chunk.size())),
                String.class, chunk.toArray())));
        return found;
    }

    private static <T> void forChunks(java.util.Collection<T> values, java.util.function.Consumer<List<T>> each) {
        List<T> all = new ArrayList<>(values);
        for (int i = 0; i < all.size(); i += CHUNK) {
            each.accept(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private static void addIfPresent(Set<String> set, String value) {
        if (value != null && !value.isBlank()) {
            set.add(value);
        }
    }

    private record Stored(String eventId, LocalDate businessDate, Instant order, long firstDocument, CanonicalEvent event) {
    }

    private record Posted(long id, String number, String journalKind, String entity, String eventId, Instant createdAt,
                          Map<String, BigDecimal> byAccount) {
    }
}
