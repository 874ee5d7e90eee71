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
 * dead-lettered (FailureHalfWayInBatch).
 */
class BatchedPostingPostgresIT extends HubWithOwnConfig {

    private static final String PREFIX = "SHP-PGBATCH";

    @Override
    protected List<String> moreHubArgs() {
        // Batches of at most 8, so that the 25 events make several, the bad one in the middle of one.
        return List.of("--spring.datasource.url=" + Databases.freshPostgresUrl(),
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--dock2ledger.posting.batch-size=8");
    }

    @Test
    void anEventFailingHalfWayInABatchRollsBackAloneAndIsDeadLetteredWhileTheOthersPostOnce() throws Exception {
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
        MeterRegistry meters = hub.getBean(MeterRegistry.class);

        new FailureHalfWayInBatch(jdbc, hub.getBean(JmsTemplate.class), hub.getBean(CamelContext.class))
                .runAndCheck(PREFIX, 24);

        assertThat(meters.get("dock2ledger.posting.batch.events").summary().max())
                .as("events in the largest batch committed").isGreaterThan(1);
    }
}
