package io.dock2ledger.operations.reconciliation;

import io.dock2ledger.exceptions.ExceptionRecorder;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Raises a report's differences to their owners as exceptions, once: a difference that is already open (same category,
 * source document and event) is not raised again by tomorrow's run, and a missing posting whose event already holds an
 * open exception (an OVER_SHIPMENT, a DEPENDENCY_TIMEOUT...) is left to that exception's owner.
 */
public class ReconciliationExceptions {

    private final JdbcTemplate jdbc;
    private final ExceptionRecorder exceptions;

    public ReconciliationExceptions(JdbcTemplate jdbc, ExceptionRecorder exceptions) {
        this.jdbc = jdbc;
        this.exceptions = exceptions;
    }

    /** @return how many new exceptions were raised */
    public int raise(ReconciliationReport report) {
        int raised = 0;
        for (ReconciliationRow row : report.differences()) {
            if (alreadyOpen(row)) {
                continue;
            }
            exceptions.record(row.kind().category(), row.partner(), row.sourceDocument(), row.eventId(),
                    "Reconciliation of " + row.entity() + " " + row.businessDate() + ": " + row.eventType() + " "
                            + row.sourceDocument() + (row.documentNumber() == null ? "" : " / " + row.documentNumber())
                            + (row.sku() == null ? "" : " / " + row.sku())
                            + (row.account() == null ? "" : " / account " + row.account()) + ": " + row.detail(),
                    reference(row));
            raised++;
        }
        return raised;
    }

    /** Names the compared line, so one event's differences on two documents or SKUs are two exceptions. */
    private static String reference(ReconciliationRow row) {
        return "reconciliation:" + row.entity() + ":" + row.businessDate() + ":" + row.side()
                + (row.documentNumber() == null ? "" : ":" + row.documentNumber())
                + (row.sku() == null ? "" : ":" + row.sku()) + (row.account() == null ? "" : ":" + row.account());
    }

    private boolean alreadyOpen(ReconciliationRow row) {
        Integer open = jdbc.queryForObject("""
                select count(*) from hub_exception where status = 'OPEN' and event_id = ?
                and ((category = ? and payload_ref = ?)
                     or (? = 'MISSING_POSTING' and payload_ref not like 'reconciliation:%'))""",
                Integer.class, row.eventId(), row.result(), reference(row), row.result());
        return open != null && open > 0;
    }
}
