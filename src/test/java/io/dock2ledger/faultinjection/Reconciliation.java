package io.dock2ledger.faultinjection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every input document (shipment id) held against what the hub did with it, read straight from its database:
 * posting ledger, finance documents, ERP interface tables, exceptions, canonical events and their audit trail.
 * <ul>
 *   <li>POSTED: one ledger row, two finance documents (AR invoice, COGS journal), one invoice header and one journal
 *   header per finance document in the interface tables;</li>
 *   <li>EXCEPTION: nothing posted and at least one exception (explained, someone owns it);</li>
 *   <li>LOST: nothing posted and no exception, whatever state its event is in;</li>
 *   <li>DOUBLED: more than one ledger row, invoice header or finance document of one kind, or more interface
 *   journals than finance documents, for the document;</li>
 *   <li>INCOMPLETE: some of a posting but not all of it (unexplained).</li>
 * </ul>
 * The scenario passes only with 0 lost, 0 doubled and 0 incomplete.
 */
public final class Reconciliation {

    /** A shipment posts its AR invoice and its COGS journal (README, docs/posting.md). */
    static final int DOCUMENTS_PER_SHIPMENT = 2;

    public enum Outcome { POSTED, EXCEPTION, LOST, DOUBLED, INCOMPLETE }

    record EventState(String eventId, String status, String lastAuditStage) {
    }

    record Document(String shipmentId, Outcome outcome, int ledgerRows, int financeDocuments, int invoices,
                    int journals, List<String> exceptions, List<EventState> events) {
    }

    final String scenario;
    final Map<String, Object> parameters = new LinkedHashMap<>();
    final List<String> findings = new ArrayList<>();
    /** What the test did to the hub, in order (kills, restarts); in the JSON report only. */
    final List<String> timeline = new ArrayList<>();
    final List<Document> documents = new ArrayList<>();
    final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    final Set<String> foreignPostings = new TreeSet<>();

    private Reconciliation(String scenario) {
        this.scenario = scenario;
        for (Outcome o : Outcome.values()) {
            counts.put(o, 0);
        }
    }

    static Reconciliation of(String scenario, Connection db, List<String> shipmentIds) throws SQLException {
        Reconciliation r = new Reconciliation(scenario);
        String partner = FaultWorkspace.PARTNER;
        Map<String, Integer> ledger = countBy(db, "select document_id, count(*) from posting_ledger where partner = ? group by document_id", partner);
        Map<String, Integer> invoices = countBy(db, "select source_document, count(*) from erp_if_invoice_header group by source_document", null);
        Map<String, Integer> journals = countBy(db, "select source_document, count(*) from erp_if_journal_header group by source_document", null);
        Map<String, Integer> financeDocs = new HashMap<>();
        Set<String> financeDoubled = new TreeSet<>();
        try (PreparedStatement s = db.prepareStatement("select source_document, kind, journal_kind, count(*) from finance_document "
                + "where source_partner = ? group by source_document, kind, journal_kind")) {
            s.setString(1, partner);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    financeDocs.merge(rs.getString(1), rs.getInt(4), Integer::sum);
                    if (rs.getInt(4) > 1) {
                        financeDoubled.add(rs.getString(1));
                    }
                }
            }
        }
        Map<String, List<String>> exceptions = new HashMap<>();
        try (PreparedStatement s = db.prepareStatement("select source_document, category, status from hub_exception where partner = ?")) {
            s.setString(1, partner);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    exceptions.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2) + "/" + rs.getString(3));
                }
            }
        }
        Map<String, String> lastStage = new HashMap<>();
        try (PreparedStatement s = db.prepareStatement("select event_id, stage from event_audit order by id");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                lastStage.put(rs.getString(1), rs.getString(2));
            }
        }
        Map<String, List<EventState>> events = new HashMap<>();
        try (PreparedStatement s = db.prepareStatement(
                "select source_document, event_id, status, accepted_at from canonical_event where partner = ?")) {
            s.setString(1, partner);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    // An event with no audit row after intake: its last stage is VALIDATED, on its own row (V76).
                    String last = lastStage.getOrDefault(rs.getString(2), rs.getTimestamp(4) == null ? null : "VALIDATED");
                    events.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new EventState(rs.getString(2), rs.getString(3), last));
                }
            }
        }
        Set<String> expected = new java.util.HashSet<>(shipmentIds);
        for (Map<String, Integer> posted : List.of(ledger, invoices, journals, financeDocs)) {
            posted.keySet().stream().filter(id -> id.startsWith("SHP-") && !expected.contains(id)).forEach(r.foreignPostings::add);
        }
        for (String id : shipmentIds) {
            int l = ledger.getOrDefault(id, 0);
            int f = financeDocs.getOrDefault(id, 0);
            int i = invoices.getOrDefault(id, 0);
            int j = journals.getOrDefault(id, 0);
            List<String> ex = exceptions.getOrDefault(id, List.of());
            Outcome outcome = outcome(l, f, financeDoubled.contains(id), i, j, !ex.isEmpty());
            r.counts.merge(outcome, 1, Integer::sum);
            r.documents.add(new Document(id, outcome, l, f, i, j, ex, events.getOrDefault(id, List.of())));
        }
        return r;
    }

    /**
     * The verdict on one shipment from what the hub wrote for it (the rules in the class comment): its posting ledger
     * rows, finance documents (and whether one kind of them is there twice), interface invoice and journal headers,
     * and whether an exception explains it. Also the benchmark's, which counts the rows in SQL (DocumentReconciliation).
     */
    public static Outcome outcome(int ledger, int financeDocuments, boolean financeDoubled, int invoices, int journals,
                                  boolean excepted) {
        if (ledger > 1 || invoices > 1 || financeDocuments > DOCUMENTS_PER_SHIPMENT || journals > financeDocuments
                || financeDoubled) {
            return Outcome.DOUBLED;
        }
        if (ledger == 1 && financeDocuments == DOCUMENTS_PER_SHIPMENT && invoices == 1 && journals == financeDocuments) {
            return Outcome.POSTED;
        }
        if (ledger == 0 && financeDocuments == 0 && invoices == 0 && journals == 0) {
            return excepted ? Outcome.EXCEPTION : Outcome.LOST;
        }
        return Outcome.INCOMPLETE;
    }

    int lost() {
        return counts.get(Outcome.LOST);
    }

    int doubled() {
        return counts.get(Outcome.DOUBLED);
    }

    int unexplained() {
        return counts.get(Outcome.INCOMPLETE);
    }

    boolean clean() {
        return lost() == 0 && doubled() == 0 && unexplained() == 0 && foreignPostings.isEmpty();
    }

    /** Lost and unexplained documents grouped by where their events stopped, e.g. "event ACCEPTED, audit ends at VALIDATED". */
    Map<String, Integer> lossPatterns() {
        Map<String, Integer> patterns = new LinkedHashMap<>();
        for (Document d : documents) {
            if (d.outcome() == Outcome.LOST || d.outcome() == Outcome.INCOMPLETE) {
                patterns.merge(d.outcome() + ": " + describe(d), 1, Integer::sum);
            }
        }
        return patterns;
    }

    String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%n=== Reconciliation: %s ===%n", scenario));
        parameters.forEach((k, v) -> out.append(String.format("  %-28s %s%n", k, v)));
        out.append(String.format("  %-28s %d%n", "input documents (shipments)", documents.size()));
        out.append(String.format("  +------------+--------+%n  | outcome    |  count |%n  +------------+--------+%n"));
        counts.forEach((o, n) -> out.append(String.format("  | %-10s | %6d |%n", o, n)));
        out.append(String.format("  +------------+--------+%n"));
        out.append(String.format("  lost %d, doubled %d, unexplained %d, postings of unknown documents %d -> %s%n",
                lost(), doubled(), unexplained(), foreignPostings.size(), clean() ? "CLEAN" : "NOT CLEAN"));
        lossPatterns().forEach((p, n) -> out.append(String.format("  %6d x %s%n", n, p)));
        findings.forEach(f -> out.append("  finding: ").append(f).append('\n'));
        List<Document> shown = documents.size() <= 50 ? documents
                : documents.stream().filter(d -> d.outcome() != Outcome.POSTED).toList();
        if (!shown.isEmpty()) {
            out.append(String.format("  %-18s %-10s %6s %5s %4s %4s  %s%n", "shipment", "outcome", "ledger", "docs", "inv", "jnl",
                    "exceptions / events (status, last audit stage)"));
            int limit = Integer.getInteger("fault.table.rows", 200);
            shown.stream().limit(limit).forEach(d -> out.append(String.format("  %-18s %-10s %6d %5d %4d %4d  %s%n",
                    d.shipmentId(), d.outcome(), d.ledgerRows(), d.financeDocuments(), d.invoices(), d.journals(),
                    (d.exceptions().isEmpty() ? "" : d.exceptions() + " ") + describe(d))));
            if (shown.size() > limit) {
                out.append(String.format("  ... %d more rows in the JSON report%n", shown.size() - limit));
            }
        }
        return out.toString();
    }

    Path write(Path reportRoot) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scenario", scenario);
        json.put("parameters", parameters);
        json.put("clean", clean());
        json.put("counts", counts);
        json.put("lossPatterns", lossPatterns());
        json.put("postingsOfUnknownDocuments", foreignPostings);
        json.put("findings", findings);
        json.put("timeline", timeline);
        json.put("documents", documents);
        Path file = reportRoot.resolve(scenario + ".json");
        try {
            Files.createDirectories(reportRoot);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static String describe(Document d) {
        if (d.events().isEmpty()) {
            return "no canonical event";
        }
        return d.events().stream().map(e -> "event " + e.status() + ", audit ends at " + e.lastAuditStage())
                .distinct().reduce((a, b) -> a + "; " + b).orElse("");
    }

    private static Map<String, Integer> countBy(Connection db, String sql, String parameter) throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        try (PreparedStatement s = db.prepareStatement(sql)) {
            if (parameter != null) {
                s.setString(1, parameter);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return counts;
    }
}
