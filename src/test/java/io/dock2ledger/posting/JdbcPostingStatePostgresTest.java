package io.dock2ledger.posting;

import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.posting.rules.PostingEngine;
import io.dock2ledger.posting.rules.PostingOutcome;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import static io.dock2ledger.posting.rules.PostingFixtures.line;
import static io.dock2ledger.posting.rules.PostingFixtures.shipment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class JdbcPostingStatePostgresTest extends JdbcPostingStateContract {

    private static EmbeddedPostgres postgres;
    /** One instance: Spring binds a transaction's connection to the DataSource object, and each call makes a new one. */
    private static DataSource database;

    @BeforeAll
    static void startDatabase() throws IOException {
        postgres = EmbeddedPostgres.start();
        database = postgres.getPostgresDatabase();
        migrate(database);
    }

    @AfterAll
    static void stopDatabase() throws IOException {
        postgres.close();
    }

    @Override
    protected DataSource dataSource() {
        return database;
    }

    /**
     * Two hub instances ship the last open units of the same order line at the same time. The second one must
     * wait on the first one's row lock and then see its quantity, so only one of them posts. The line has
     * shipped before, so its row exists: the case a plain read would get wrong.
     */
    @Test
    void twoInstancesCannotBothShipTheLastOpenUnits() throws Exception {
        PostingEngine earlier = new PostingEngine(masterData, rules, state);
        assertThat(postInTransaction(earlier, shipment("SHP-0", "SO-50001", LocalDate.of(2026, 11, 25),
                line(1, "MUG-RED", "18")))).isInstanceOf(PostingOutcome.Posted.class);
        PostingEngine first = new PostingEngine(masterData, rules, state);
        PostingEngine second = new PostingEngine(masterData, rules, state);
        CanonicalEvent shipA = shipment("SHP-A", "SO-50001", LocalDate.of(2026, 11, 26), line(1, "MUG-RED", "30"));
        CanonicalEvent shipB = shipment("SHP-B", "SO-50001", LocalDate.of(2026, 11, 26), line(1, "MUG-RED", "30"));
        CountDownLatch firstPosted = new CountDownLatch(1);
        CountDownLatch mayCommit = new CountDownLatch(1);

        // Two threads of their own: on 2 cores the common pool has one, and a Java 25 pool does not add a second
        // while the first instance holds its transaction open, so the second instance never ran.
        ExecutorService instances = Executors.newFixedThreadPool(2);
        CompletableFuture<PostingOutcome> a = CompletableFuture.supplyAsync(() -> transactions.execute(tx -> {
            PostingOutcome outcome = first.post(shipA);
            firstPosted.countDown();
            await().until(() -> mayCommit.await(0, TimeUnit.MILLISECONDS)); // hold the transaction open
            return outcome;
        }), instances);
        assertThat(firstPosted.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<PostingOutcome> b = CompletableFuture.supplyAsync(() -> postInTransaction(second, shipB),
                instances);

        JdbcTemplate monitor = new JdbcTemplate(dataSource());
        await().atMost(Duration.ofSeconds(30)).until(() -> monitor.queryForObject(
                "select count(*) from pg_stat_activity where wait_event_type = 'Lock'", Integer.class) > 0);
        assertThat(b).isNotDone();
        mayCommit.countDown();

        assertThat(a.get(30, TimeUnit.SECONDS)).isInstanceOf(PostingOutcome.Posted.class);
        assertThat(b.get(30, TimeUnit.SECONDS)).isEqualTo(new PostingOutcome.Rejected(ExceptionCategory.OVER_SHIPMENT,
                "SHP-B ships 30 EA of SO-50001 line 1 but only 0 EA are open (48 ordered, 48 shipped)"));
        assertThat(state.orderLine("SO-50001", 1).shipped()).isEqualByComparingTo("48");
        instances.shutdown();
    }
}
