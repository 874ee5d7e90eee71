package io.dock2ledger.posting;

import io.dock2ledger.canonical.CanonicalEventStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.h2.api.ErrorCode;
import org.h2.api.Trigger;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One shipment whose posting the database refuses in a batch, at one of two places. Where an event fails last: its
 * settlement, the update of its stored event to POSTED, after it has written its ledger claim and order-line updates
 * and queued its documents, interface rows and audit rows for the commit (a trigger on {@code canonical_event}); each
 * event of a batch posts in a savepoint of the batch's transaction (PostingBatchContainer, EventPostingService), so
 * nothing the failing event wrote or queued may commit. Or at the batch's commit, where its queued rows are written (a
 * trigger on {@code erp_if_journal_header}): the batch rolls back whole and its events are retried one at a time.
 * Either way its neighbours commit, each once, and the failing event alone is retried and dead-lettered with its
 * exception. Run on H2 (BatchedPostingIT) and on a whole hub on PostgreSQL (BatchedPostingPostgresIT), where a
 * transaction is unusable after a failed statement unless it rolls back to a savepoint. The events are stored before
 * they are queued, as intake stores them.
 */
final class FailureHalfWayInBatch {

    private static final String ROUTE = "canonical-events-to-finance";

    private final JdbcTemplate jdbc;
    private final JmsTemplate jms;
    private final CamelContext camel;
    private final CanonicalEventStore events;

    FailureHalfWayInBatch(JdbcTemplate jdbc, JmsTemplate jms, CamelContext camel, CanonicalEventStore events) {
        this.jdbc = jdbc;
        this.jms = jms;
        this.camel = camel;
        this.events = events;
    }

    /** The hub's {@code dock2ledger.posting.batch.rollbacks} by cause, to compare before and after a run. */
    record Rollbacks(double refusedRow, double commitFailed) {

        static Rollbacks of(MeterRegistry meters) {
            return new Rollbacks(count(meters, "refused-row"), count(meters, "commit-failed"));
        }

        Rollbacks since(Rollbacks before) {
            return new Rollbacks(refusedRow - before.refusedRow, commitFailed - before.commitFailed);
        }

        private static double count(MeterRegistry meters, String cause) {
            return meters.get("dock2ledger.posting.batch.rollbacks").tag("cause", cause).counter().count();
        }
    }

    /** The shipment whose journal the database refuses, for a run with shipment ids starting {@code prefix}. */
    static String bad(String prefix) {
        return prefix + "-BAD";
    }

    /**
     * Queues {@code events} good shipments and the bad one in their middle while the posting route is stopped, starts
     * it, and checks the outcome.
     */
    void runAndCheck(String prefix, int events) throws Exception {
        runAndCheck(prefix, events, Duration.ZERO);
    }

    /**
     * As {@link #runAndCheck(String, int)}, and the bad event is not dead-lettered for {@code patience} after the
     * consumers start: they pause between its attempts (a commit failure that may pass), rather than use up its ten
     * deliveries at once (a row the database refuses for its data).
     */
    void runAndCheck(String prefix, int events, Duration patience) throws Exception {
        String bad = bad(prefix);
        String order = "SO-" + prefix;
        for (int i = 0; i <= events; i++) {
            jdbc.update("insert into md_sales_order_line values (?, 1, 'US01', 'CUST-1001', 'MUG-RED', 36, 'EA', 4.95, 'USD')", order + i);
            jdbc.update("insert into md_sales_order_line values (?, 2, 'US01', 'CUST-1001', 'KETTLE-1L', 8, 'EA', 29.00, 'USD')", order + i);
        }

        // Accepted now, as intake would store them: the sweeper of unsettled events leaves them to the queue.
        String now = Instant.now().toString();
        // Everything waits on the queue before a consumer looks, so the consumers take it in batches.
        camel.getRouteController().stopRoute(ROUTE);
        try {
            for (int i = 1; i <= events; i++) {
                queue(SampleEvents.shipment(prefix + i, order + i, now));
                if (i == events / 2) {
                    queue(SampleEvents.shipment(bad, order + 0, now));
                }
            }
        } finally {
            camel.getRouteController().startRoute(ROUTE);
        }
        if (!patience.isZero()) {
            await().during(patience).atMost(patience.plusSeconds(30)).until(() -> count(
                    "select count(*) from hub_exception where source_document = ? and category = 'DELIVERY_FAILED'",
                    bad) == 0);
        }

        await().atMost(Duration.ofSeconds(120)).until(() -> count(
                "select count(*) from hub_exception where source_document = ? and category = 'DELIVERY_FAILED'", bad) == 1);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                count("select count(*) from finance_document where source_document like ?", prefix + "%") == 2 * events);

        assertThat(count("select count(*) from posting_ledger where document_id like ? and document_id <> ?", prefix + "%", bad))
                .as("each good shipment claimed once").isEqualTo(events);
        assertThat(count("select count(*) from event_audit where event_id like ? and stage = 'POSTED'", "evt-" + prefix + "%"))
                .as("each shipment posted once, the bad one never").isEqualTo(events);
        assertThat(count("select count(*) from erp_if_journal_header where source_document like ?", prefix + "%"))
                .isEqualTo(2 * events);
        // Nothing the bad event wrote before its failure survived: no claim, no document, no invoice.
        assertThat(count("select count(*) from posting_ledger where document_id = ?", bad)).isZero();
        assertThat(count("select count(*) from finance_document where source_document = ?", bad)).isZero();
        assertThat(count("select count(*) from erp_if_invoice_header where source_document = ?", bad)).isZero();
        assertThat(count("select count(*) from hub_exception where source_document like ? and source_document <> ?",
                prefix + "%", bad)).isZero();
    }

    private void queue(String event) {
        events.storeIfAbsent(events.fromJson(event));
        jms.convertAndSend("dock2ledger.events", event);
    }

    private int count(String sql, Object... args) {
        Integer n = jdbc.queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }

    /**
     * H2's form of the triggers: refuses a row whose source document ends in -BAD; in a table with a status (the stored
     * event), only its change to POSTED, so the dead-letter path may still mark it. Refused as a check constraint
     * would refuse it (error 23513): the row's data, which no retry changes.
     */
    public static class RefuseBadRowOnH2 implements Trigger {

        private int sourceDocument = -1;
        private int status = -1;

        @Override
        public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before,
                         int type) throws SQLException {
            try (var columns = conn.getMetaData().getColumns(null, schemaName, tableName, null)) {
                while (columns.next()) {
                    if ("source_document".equalsIgnoreCase(columns.getString("COLUMN_NAME"))) {
                        sourceDocument = columns.getInt("ORDINAL_POSITION") - 1;
                    } else if ("status".equalsIgnoreCase(columns.getString("COLUMN_NAME"))) {
                        status = columns.getInt("ORDINAL_POSITION") - 1;
                    }
                }
            }
            if (sourceDocument < 0) {
                throw new SQLException("No source_document column in " + tableName);
            }
        }

        @Override
        public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
            if (newRow != null && String.valueOf(newRow[sourceDocument]).endsWith("-BAD")
                    && (status < 0 || "POSTED".equals(newRow[status]))) {
                throw failure("test trigger refuses the row of " + newRow[sourceDocument]);
            }
        }

        protected SQLException failure(String message) {
            return new SQLException(message, "23513", ErrorCode.CHECK_CONSTRAINT_VIOLATED_1);
        }
    }

    /** As {@link RefuseBadRowOnH2}, but failing as a database in trouble would (a general error), not for the data. */
    public static final class FailOnBadRowOnH2 extends RefuseBadRowOnH2 {

        @Override
        protected SQLException failure(String message) {
            return new SQLException(message, "HY000", ErrorCode.GENERAL_ERROR_1);
        }
    }
}
