package io.dock2ledger.benchmark;

import io.dock2ledger.faultinjection.Reconciliation;
import io.dock2ledger.faultinjection.Reconciliation.Outcome;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every shipment a benchmark run dropped, held one by one against what the hub wrote for it, at the benchmark's scale
 * (5 million shipments in the 1 GB file). The fault scenarios' {@link Reconciliation} loads every table into maps; here
 * the database counts each document's rows in one grouped pass over the tables and streams one row a document back,
 * and the shipments the run expected are a bit a shipment. The verdicts are Reconciliation's
 * ({@link Reconciliation#outcome}): POSTED, EXCEPTION, LOST, DOUBLED or INCOMPLETE; a shipment no table mentions is
 * LOST too, and a posting of a shipment the run did not drop is "foreign".
 * <p>
 * And the money, in aggregate: every interface journal balances, every finance document's ledger lines balance and
 * make its totals, every interface invoice's header is the sum of its lines, and every shipment was invoiced the same
 * amounts (the benchmark ships the same two lines on orders of the same prices, so a second set of amounts is an
 * invoice that lost or doubled a line).
 */
final class DocumentReconciliation {

    /** Rows of one document in the tables that tell its fate; one row a document from {@link #PER_DOCUMENT}. */
    private static final String PER_DOCUMENT = """
            select doc, sum(ledger), sum(finance), max(one_kind), sum(invoices), sum(journals), sum(exceptions)
            from (
                select document_id doc, 1 ledger, 0 finance, 0 one_kind, 0 invoices, 0 journals, 0 exceptions
                    from posting_ledger
                union all
                select source_document, 0, count(*), count(*), 0, 0, 0
                    from finance_document group by source_document, kind, journal_kind
                union all
                select source_document, 0, 0, 0, 1, 0, 0 from erp_if_invoice_header
                union all
                select source_document, 0, 0, 0, 0, 1, 0 from erp_if_journal_header
                union all
                select source_document, 0, 0, 0, 0, 0, 1 from hub_exception where source_document is not null
                union all
                select source_document, 0, 0, 0, 0, 0, 0 from canonical_event
            ) rows_of_documents
            group by doc
            """;

    record Result(long expected, Map<Outcome, Long> counts, long foreign, List<String> examples,
                  long unbalancedJournals, long invoicesOffTheirLines, long unbalancedFinanceDocuments,
                  Map<String, Long> invoiceAmounts, double seconds) {

        long count(Outcome outcome) {
            return counts.getOrDefault(outcome, 0L);
        }

        /** 0 lost, 0 doubled, 0 unexplained, nothing foreign, every amount balanced and alike. */
        boolean clean() {
            return count(Outcome.LOST) == 0 && count(Outcome.DOUBLED) == 0 && count(Outcome.INCOMPLETE) == 0
                    && foreign == 0 && unbalancedJournals == 0 && invoicesOffTheirLines == 0
                    && unbalancedFinanceDocuments == 0 && invoiceAmounts.size() <= 1;
        }

        String summary() {
            return String.format("%d shipments: %d posted, %d exception, %d lost, %d doubled, %d unexplained, "
                            + "%d foreign; unbalanced journals %d, invoices off their lines %d, unbalanced finance "
                            + "documents %d, invoice amounts %s (%.1f s) -> %s%s",
                    expected, count(Outcome.POSTED), count(Outcome.EXCEPTION), count(Outcome.LOST),
                    count(Outcome.DOUBLED), count(Outcome.INCOMPLETE), foreign, unbalancedJournals,
                    invoicesOffTheirLines, unbalancedFinanceDocuments, invoiceAmounts, seconds,
                    clean() ? "CLEAN" : "NOT CLEAN", examples.isEmpty() ? "" : "; for example " + examples);
        }
    }

    private static final int EXAMPLES = 20;

    private DocumentReconciliation() {
    }

    /**
     * @param shipmentsByBatch every file the run dropped: its batch and how many shipments it held (ids
     *                         {@code SHP-<batch>-<1..n>}, FaultWorkspace#writeShipmentsCsv)
     */
    static Result of(Connection db, Map<String, Integer> shipmentsByBatch) throws SQLException {
        long started = System.nanoTime();
        Map<String, BitSet> seen = new HashMap<>();
        long expected = 0;
        for (Map.Entry<String, Integer> batch : shipmentsByBatch.entrySet()) {
            seen.put(batch.getKey(), new BitSet(batch.getValue() + 1));
            expected += batch.getValue();
        }
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        List<String> examples = new ArrayList<>();
        long[] foreign = {0};
        // One row a document: 5 million for the 1 GB file, so they stream.
        StreamedRows.forEach(db, PER_DOCUMENT, rs -> {
            String doc = rs.getString(1);
            int number = expectedNumber(doc, shipmentsByBatch);
            if (number < 0) {
                foreign[0]++;
                example(examples, doc + " (foreign)");
                return;
            }
            seen.get(batchOf(doc)).set(number);
            Outcome outcome = Reconciliation.outcome(rs.getInt(2), rs.getInt(3), rs.getInt(4) > 1,
                    rs.getInt(5), rs.getInt(6), rs.getInt(7) > 0);
            counts.merge(outcome, 1L, Long::sum);
            if (outcome != Outcome.POSTED) {
                example(examples, doc + " (" + outcome + ")");
            }
        });
        try (Statement s = db.createStatement()) {
            long unbalancedJournals = count(s, """
                    select count(*) from (select header_id from erp_if_journal_line group by header_id
                    having sum(debit) <> sum(credit)) unbalanced""");
            long invoicesOffTheirLines = count(s, """
                    select count(*) from erp_if_invoice_header h join (
                        select header_id, sum(net_amount) net, sum(tax_amount) tax from erp_if_invoice_line
                        group by header_id) l on l.header_id = h.id
                    where h.net_amount <> l.net or h.tax_amount <> l.tax or h.total_amount <> h.net_amount + h.tax_amount""")
                    + count(s, """
                    select count(*) from erp_if_invoice_header h
                    where not exists (select 1 from erp_if_invoice_line l where l.header_id = h.id)""");
            long unbalancedFinanceDocuments = count(s, """
                    select count(*) from finance_document d left join (
                        select document_id, sum(coalesce(debit, 0)) debit, sum(coalesce(credit, 0)) credit
                        from finance_document_line where line_type <> 'INVOICE' group by document_id) l
                        on l.document_id = d.id
                    where d.total_debit <> d.total_credit
                       or l.debit is null or l.debit <> d.total_debit or l.credit <> d.total_credit""");
            Map<String, Long> amounts = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery("""
                    select net_amount, tax_amount, total_amount, count(*) from erp_if_invoice_header
                    group by net_amount, tax_amount, total_amount order by count(*) desc""")) {
                while (rs.next()) {
                    amounts.put("net " + rs.getBigDecimal(1).toPlainString() + " tax " + rs.getBigDecimal(2).toPlainString()
                            + " total " + rs.getBigDecimal(3).toPlainString(), rs.getLong(4));
                }
            }
            for (Map.Entry<String, BitSet> batch : seen.entrySet()) {
                int n = shipmentsByBatch.get(batch.getKey());
                int missing = n - batch.getValue().cardinality();
                if (missing > 0) {
                    // In no table at all: not even a canonical event.
                    counts.merge(Outcome.LOST, (long) missing, Long::sum);
                    for (int i = batch.getValue().nextClearBit(1); i <= n && examples.size() < EXAMPLES;
                         i = batch.getValue().nextClearBit(i + 1)) {
                        example(examples, shipmentId(batch.getKey(), i) + " (LOST, no trace)");
                    }
                }
            }
            return new Result(expected, counts, foreign[0], examples, unbalancedJournals, invoicesOffTheirLines,
                    unbalancedFinanceDocuments, amounts, (System.nanoTime() - started) / 1e9);
        }
    }

    private static void example(List<String> examples, String example) {
        if (examples.size() < EXAMPLES) {
            examples.add(example);
        }
    }

    static String shipmentId(String batch, int number) {
        return String.format("SHP-%s-%05d", batch, number);
    }

    /** The shipment's number in its batch if the run dropped it, else -1. */
    static int expectedNumber(String doc, Map<String, Integer> shipmentsByBatch) {
        if (doc == null || !doc.startsWith("SHP-")) {
            return -1;
        }
        int dash = doc.lastIndexOf('-');
        if (dash <= 4) {
            return -1;
        }
        Integer n = shipmentsByBatch.get(doc.substring(4, dash));
        int number;
        try {
            number = Integer.parseInt(doc.substring(dash + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
        // The id as the run wrote it (zero-padded to 5 digits), not merely the same number.
        return n != null && number >= 1 && number <= n && doc.equals(shipmentId(doc.substring(4, dash), number))
                ? number : -1;
    }

    private static String batchOf(String doc) {
        return doc.substring(4, doc.lastIndexOf('-'));
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
