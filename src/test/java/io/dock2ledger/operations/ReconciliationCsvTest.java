package io.dock2ledger.operations;

import io.dock2ledger.operations.reconciliation.ReconciliationCsv;
import io.dock2ledger.operations.reconciliation.ReconciliationReport;
import io.dock2ledger.operations.reconciliation.ReconciliationRow;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The reconciliation as CSV: one line per row, quoted where needed, partner values never run as formulas. */
class ReconciliationCsvTest {

    @Test
    void rowsAreQuotedAndFormulasDefused() {
        LocalDate day = LocalDate.parse("2026-11-26");
        ReconciliationRow hostile = new ReconciliationRow("US01", day, "EVENT", "acme-3pl", "shipment.confirmed",
                "=HYPERLINK(\"x\")", "e1", null, null, null, null, null, null, null, null, "MISSING_POSTING",
                "stored, not posted");
        ReconciliationRow fine = new ReconciliationRow("US01", day, "DOCUMENT_LINE", "acme-3pl", "shipment.confirmed",
                "SHP-1", "e2", "INV-1", "AR_INVOICE", null, "1100", null, null, new BigDecimal("-4.80"),
                new BigDecimal("443.02"), "AMOUNT_MISMATCH", "account 1100");
        String csv = ReconciliationCsv.write(ReconciliationReport.of("US01", day, Instant.EPOCH, 2, 1, List.of(hostile, fine)));

        List<String> lines = csv.lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("entity,business_date,side,result,partner,event_type,source_document");
        assertThat(lines.get(1)).contains(",\"'=HYPERLINK(\"\"x\"\")\",").contains("\"stored, not posted\"");
        assertThat(lines.get(2)).contains(",-4.80,443.02,").doesNotContain("'-4.80");
        assertThat(csv).contains("\r\n");
    }
}
