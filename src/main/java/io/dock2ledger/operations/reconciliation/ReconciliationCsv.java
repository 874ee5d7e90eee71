package io.dock2ledger.operations.reconciliation;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A report as CSV, one row per compared line (RFC 4180 quoting). A value that a spreadsheet would run as a formula
 * (starting with = + - @) is prefixed with a quote, as partner data may end up in a source document id.
 */
public final class ReconciliationCsv {

    private static final List<String> HEADER = List.of("entity", "business_date", "side", "result", "partner",
            "event_type", "source_document", "event_id", "document_number", "journal_kind", "sku", "account",
            "warehouse_quantity", "finance_quantity", "hub_amount", "erp_amount", "detail");

    private ReconciliationCsv() {
    }

    public static String write(ReconciliationReport report) {
        StringBuilder csv = new StringBuilder(String.join(",", HEADER)).append("\r\n");
        for (ReconciliationRow r : report.rows()) {
            csv.append(Stream.of(r.entity(), String.valueOf(r.businessDate()), r.side(), r.result(), r.partner(),
                    r.eventType(), r.sourceDocument(), r.eventId(), r.documentNumber(), r.journalKind(), r.sku(),
                    r.account(), plain(r.warehouseQuantity()), plain(r.financeQuantity()), plain(r.hubAmount()),
                    plain(r.erpAmount()), r.detail()).map(ReconciliationCsv::cell).collect(Collectors.joining(",")))
                    .append("\r\n");
        }
        return csv.toString();
    }

    private static String plain(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }

    private static String cell(String value) {
        if (value == null) {
            return "";
        }
        String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 && !value.matches("-?[0-9.]+")
                ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}
