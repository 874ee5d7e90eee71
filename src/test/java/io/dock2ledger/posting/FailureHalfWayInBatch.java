package io.dock2ledger.posting;

import org.apache.camel.CamelContext;
import org.h2.api.Trigger;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One shipment whose posting fails half-way in a batch, after it has written its ledger claim, order-line update,
 * documents and invoice header: the database itself refuses its interface journal (a trigger). Each event of a batch
 * posts in a savepoint of the batch's transaction (PostingBatchContainer, EventPostingService), so nothing the failing
 * event wrote may commit, while its neighbours commit with their batch, each once, and the failing event alone is
 * retried and dead-lettered with its exception. Run on H2 (BatchedPostingIT) and on a whole hub on PostgreSQL
 * (BatchedPostingPostgresIT), where a transaction is unusable after a failed statement unless it rolls back to a
 * savepoint.
 */
final class FailureHalfWayInBatch {

    private static final String ROUTE = "canonical-events-to-finance";

    private final JdbcTemplate jdbc;
    private final JmsTemplate jms;
    private final CamelContext camel;

    FailureHalfWayInBatch(JdbcTemplate jdbc, JmsTemplate jms, CamelContext camel) {
        this.jdbc = jdbc;
        this.jms = jms;
        this.camel = camel;
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
        String bad = bad(prefix);
        String order = "SO-" + prefix;
        for (int i = 0; i <= events; i++) {
            jdbc.update("insert into md_sales_order_line values (?, 1, 'US01', 'CUST-1001', 'MUG-RED', 36, 'EA', 4.95, 'USD')", order + i);
            jdbc.update("insert into md_sales_order_line values (?, 2, 'US01', 'CUST-1001', 'KETTLE-1L', 8, 'EA', 29.00, 'USD')", order + i);
        }

        // Everything waits on the queue before a consumer looks, so the consumers take it in batches.
        camel.getRouteController().stopRoute(ROUTE);
        try {
            for (int i = 1; i <= events; i++) {
                jms.convertAndSend("dock2ledger.events", SampleEvents.shipment(prefix + i, order + i, "2026-11-26T20:00:00Z"));
                if (i == events / 2) {
                    jms.convertAndSend("dock2ledger.events", SampleEvents.shipment(bad, order + 0, "2026-11-26T20:00:00Z"));
                }
            }
        } finally {
            camel.getRouteController().startRoute(ROUTE);
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

    private int count(String sql, Object... args) {
        Integer n = jdbc.queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }

    /** H2's form of the trigger: refuses an interface journal whose source document ends in -BAD. */
    public static final class RefuseBadJournalOnH2 implements Trigger {

        private int sourceDocument = -1;

        @Override
        public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before,
                         int type) throws SQLException {
            try (var columns = conn.getMetaData().getColumns(null, schemaName, tableName, null)) {
                while (columns.next()) {
                    if ("source_document".equalsIgnoreCase(columns.getString("COLUMN_NAME"))) {
                        sourceDocument = columns.getInt("ORDINAL_POSITION") - 1;
                    }
                }
            }
            if (sourceDocument < 0) {
                throw new SQLException("No source_document column in " + tableName);
            }
        }

        @Override
        public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
            if (newRow != null && String.valueOf(newRow[sourceDocument]).endsWith("-BAD")) {
                throw new SQLException("test trigger refuses the journal of " + newRow[sourceDocument]);
            }
        }
    }
}
