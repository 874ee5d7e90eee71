package io.dock2ledger.erp;

import io.dock2ledger.posting.documents.DocumentKind;
import io.dock2ledger.posting.documents.FinanceDocument;
import io.dock2ledger.posting.documents.InvoiceLine;
import io.dock2ledger.posting.documents.JournalLine;
import io.dock2ledger.posting.documents.StoredDocument;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/** Finance documents as the posting rules make them, for the ERP delivery tests. */
public final class ErpFixtures {

    private ErpFixtures() {
    }

    public static FinanceDocument invoice(String source, String order) {
        return new FinanceDocument(DocumentKind.INVOICE, "AR_INVOICE", "US01", "USD", LocalDate.of(2026, 11, 26),
                "2026-11", false, "evt-" + source, "acme-3pl", "shipment.confirmed", source, "CUST-1001", order,
                new BigDecimal("410.20"), new BigDecimal("32.82"), new BigDecimal("443.02"),
                List.of(new InvoiceLine(1, "MUG-RED", new BigDecimal("36"), "EA", new BigDecimal("4.95"),
                        new BigDecimal("178.20"), new BigDecimal("0.08"), new BigDecimal("14.26"), 1)),
                List.of(new JournalLine(1, "1100", new BigDecimal("443.02"), BigDecimal.ZERO, null, null),
                        new JournalLine(2, "4000", BigDecimal.ZERO, new BigDecimal("410.20"), null, "MUG-RED, red, 36 EA"),
                        new JournalLine(3, "2200", BigDecimal.ZERO, new BigDecimal("32.82"), null, null)));
    }

    public static FinanceDocument cogs(String source, String order) {
        return new FinanceDocument(DocumentKind.JOURNAL, "COGS", "US01", "USD", LocalDate.of(2026, 11, 26),
                "2026-11", false, "evt-" + source, "acme-3pl", "shipment.confirmed", source, null, order,
                null, null, null, List.of(),
                List.of(new JournalLine(1, "5000", new BigDecimal("204.40"), BigDecimal.ZERO, null, null),
                        new JournalLine(2, "1200", BigDecimal.ZERO, new BigDecimal("204.40"), null, null)));
    }

    public static FinanceDocument creditMemo(String total) {
        BigDecimal amount = new BigDecimal(total);
        return new FinanceDocument(DocumentKind.CREDIT_MEMO, "CREDIT_MEMO", "US01", "USD", LocalDate.of(2026, 11, 27),
                "2026-11", false, "evt-rma", "wh-east", "return.received", "RMA-1", "CUST-1001", "RMA-1",
                amount, BigDecimal.ZERO, amount, List.of(),
                List.of(new JournalLine(1, "4100", amount, BigDecimal.ZERO, null, null),
                        new JournalLine(2, "1100", BigDecimal.ZERO, amount, null, null)));
    }

    /** An inventory adjustment: a loss credits inventory (1200), a gain debits it. */
    public static FinanceDocument adjustment(String value, boolean loss, boolean periodAdjusted) {
        BigDecimal amount = new BigDecimal(value);
        List<JournalLine> lines = loss
                ? List.of(new JournalLine(1, "5200", amount, BigDecimal.ZERO, "MUG-RED", null),
                        new JournalLine(2, "1200", BigDecimal.ZERO, amount, "MUG-RED", null))
                : List.of(new JournalLine(1, "1200", amount, BigDecimal.ZERO, "MUG-RED", null),
                        new JournalLine(2, "5100", BigDecimal.ZERO, amount, "MUG-RED", null));
        return new FinanceDocument(DocumentKind.JOURNAL, "INVENTORY_ADJUSTMENT", "US01", "USD",
                LocalDate.of(2026, 11, 1), "2026-11", periodAdjusted, "evt-adj", "acme-3pl", "inventory.adjusted",
                "ADJ-1", null, null, null, null, null, List.of(), lines);
    }

    public static StoredDocument stored(long id, String number, FinanceDocument doc) {
        return new StoredDocument(id, number, "POSTED", null, Instant.parse("2026-11-26T12:00:00Z"), doc);
    }

    /** A clock the test moves: time-based behaviour (backoff, Retry-After, token expiry) without waiting. */
    public static final class MovableClock extends Clock {
        private volatile Instant now;

        public MovableClock(Instant start) {
            this.now = start;
        }

        public void advance(Duration by) {
            now = now.plus(by);
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
