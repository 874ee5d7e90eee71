package io.dock2ledger.posting;

import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.persistence.Databases;
import io.dock2ledger.posting.FailureHalfWayInBatch.Rollbacks;
import io.dock2ledger.support.HubWithOwnConfig;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.springframework.jms.core.JmsTemplate;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole hub on PostgreSQL, where a transaction is unusable after a failed statement unless it rolls back to a
 * savepoint: an event whose posting fails half-way in a batch rolls back alone, its batch commits, and only it is
 * dead-lettered; a row refused at the batch's commit rolls the batch back, and only its event is dead-lettered after
 * the retries one at a time (FailureHalfWayInBatch).
 */
class BatchedPostingPostgresIT extends HubWithOwnConfig {

    private static final String PREFIX = "SHP-PGSAVE";

    @Override
    protected List<String> moreHubArgs() {
        // Batches of at most 8, so that the 25 events make several, the bad one in the middle of one.
        return List.of("--spring.datasource.url=" + Databases.freshPostgresUrl(),
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--dock2ledger.posting.batch-size=8");
    }

    @Test
    void anEventFailingHalfWayInABatchRollsBackAloneAndIsDeadLetteredWhileTheOthersPostOnce() throws Throwable {
        // Its settlement (the last statement of an event) refused: the stored event may still be marked otherwise.
        refusingBadRows("update", "canonical_event", "and new.status = 'POSTED'", () -> runAndCheck(PREFIX));
    }

    @Test
    void aRowRefusedAtTheBatchsCommitRollsBackTheBatchAndOnlyItsEventIsDeadLettered() throws Throwable {
        MeterRegistry meters = hub.getBean(MeterRegistry.class);
        Rollbacks before = Rollbacks.of(meters);

        refusingBadRows("insert", "erp_if_journal_header", "", () -> runAndCheck("SHP-PGFLUSH"));

        Rollbacks rolledBack = Rollbacks.of(meters).since(before);
        assertThat(rolledBack.refusedRow()).as("commits refused for a row's data, taken again at once").isPositive();
        assertThat(rolledBack.commitFailed()).as("commits that failed otherwise").isZero();
    }

    /**
     * PostgreSQL's form of FailureHalfWayInBatch.RefuseBadRowOnH2: a trigger refusing rows of a -BAD source document
     * as a check constraint would (the row's data).
     */
    private void refusingBadRows(String operation, String table, String andAlso, Executable run) throws Throwable {
        jdbc.execute("""
                create or replace function refuse_bad_rows() returns trigger language plpgsql as $$
                begin
                    if new.source_document like '%%-BAD' %s then
                        raise exception 'test trigger refuses the row of %%', new.source_document
                            using errcode = 'check_violation';
                    end if;
                    return new;
                end $$""".formatted(andAlso));
        jdbc.execute("create trigger refuse_bad_rows before " + operation + " on " + table
                + " for each row execute function refuse_bad_rows()");
        try {
            run.execute();
        } finally {
            jdbc.execute("drop trigger refuse_bad_rows on " + table);
        }
    }

    private void runAndCheck(String prefix) throws Exception {
        MeterRegistry meters = hub.getBean(MeterRegistry.class);

        new FailureHalfWayInBatch(jdbc, hub.getBean(JmsTemplate.class), hub.getBean(CamelContext.class),
                hub.getBean(CanonicalEventStore.class))
                .runAndCheck(prefix, 24);

        assertThat(meters.get("dock2ledger.posting.batch.events").summary().max())
                .as("events in the largest batch committed").isGreaterThan(1);
    }
}
