package io.dock2ledger.posting;

import io.dock2ledger.persistence.Databases;
import io.dock2ledger.support.HubWithOwnConfig;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
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
    void anEventFailingHalfWayInABatchRollsBackAloneAndIsDeadLetteredWhileTheOthersPostOnce() throws Exception {
        // Its settlement (the last statement of an event) refused: the stored event may still be marked otherwise.
        jdbc.execute("""
                create function refuse_bad_settlement() returns trigger language plpgsql as $$
                begin
                    if new.source_document like '%-BAD' and new.status = 'POSTED' then
                        raise exception 'test trigger refuses the settlement of %', new.source_document;
                    end if;
                    return new;
                end $$""");
        jdbc.execute("create trigger refuse_bad_settlement before update on canonical_event for each row "
                + "execute function refuse_bad_settlement()");
        try {
            runAndCheck(PREFIX);
        } finally {
            jdbc.execute("drop trigger refuse_bad_settlement on canonical_event");
        }
    }

    @Test
    void aRowRefusedAtTheBatchsCommitRollsBackTheBatchAndOnlyItsEventIsDeadLettered() throws Exception {
        jdbc.execute("""
                create function refuse_bad_journal() returns trigger language plpgsql as $$
                begin
                    if new.source_document like '%-BAD' then
                        raise exception 'test trigger refuses the journal of %', new.source_document;
                    end if;
                    return new;
                end $$""");
        jdbc.execute("create trigger refuse_bad_journal before insert on erp_if_journal_header for each row "
                + "execute function refuse_bad_journal()");
        try {
            runAndCheck("SHP-PGFLUSH");
        } finally {
            jdbc.execute("drop trigger refuse_bad_journal on erp_if_journal_header");
        }
    }

    private void runAndCheck(String prefix) throws Exception {
        MeterRegistry meters = hub.getBean(MeterRegistry.class);

        new FailureHalfWayInBatch(jdbc, hub.getBean(JmsTemplate.class), hub.getBean(CamelContext.class))
                .runAndCheck(prefix, 24);

        assertThat(meters.get("dock2ledger.posting.batch.events").summary().max())
                .as("events in the largest batch committed").isGreaterThan(1);
    }
}
