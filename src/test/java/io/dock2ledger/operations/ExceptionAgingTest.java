package io.dock2ledger.operations;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.ExceptionOwners;
import io.dock2ledger.exceptions.ExceptionRecorder;
import io.dock2ledger.partners.PartnerRegistry;
import io.dock2ledger.persistence.Databases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Aging thresholds on a real (H2) database: each threshold notifies once, with log, metric, action and webhook. */
class ExceptionAgingTest {

    private static final Instant RAISED = Instant.parse("2026-12-01T08:00:00Z");

    private final JdbcTemplate jdbc = new JdbcTemplate(Databases.freshH2());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MovableClock clock = new MovableClock(RAISED);
    private final ExceptionOwners owners = ExceptionOwners.load(Path.of("config/exception-owners.yaml"),
            new PartnerRegistry(Path.of("config/partners")));
    private final ExceptionRecorder exceptions = new ExceptionRecorder(jdbc, owners, clock, meters);

    @Test
    void eachThresholdNotifiesOnceWithMetricActionAndWebhook() throws Exception {
        List<String> posted = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", exchange -> {
            posted.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
        try {
            ExceptionAging aging = new ExceptionAging(exceptions, owners.agingThresholds(),
                    URI.create("http://127.0.0.1:" + hook.getAddress().getPort() + "/hook"), meters, clock, new ObjectMapper());
            exceptions.record(ExceptionCategory.UNKNOWN_ITEM, "acme-3pl", "SHP-AGE1", null, "ACM-0999 unknown", "raw_file:x");
            long id = exceptions.byStatus("OPEN").get(0).id();

            clock.now = RAISED.plus(Duration.ofHours(3));
            assertThat(aging.check()).isZero();

            clock.now = RAISED.plus(Duration.ofHours(5));
            assertThat(aging.check()).isEqualTo(1);
            assertThat(aging.check()).as("the 4h threshold notifies once").isZero();

            clock.now = RAISED.plus(Duration.ofHours(80)); // past 24h and 72h at once: one notice, for 72h
            assertThat(aging.check()).isEqualTo(1);
            assertThat(aging.check()).isZero();

            assertThat(meters.counter("dock2ledger.exceptions.aged", "category", "UNKNOWN_ITEM", "owner",
                    "master-data-team", "threshold", "4h").count()).isEqualTo(1.0);
            assertThat(meters.counter("dock2ledger.exceptions.aged", "category", "UNKNOWN_ITEM", "owner",
                    "master-data-team", "threshold", "3d").count()).isEqualTo(1.0);
            assertThat(exceptions.actions(id)).extracting(a -> a.action()).containsExactly("AGED", "AGED");
            assertThat(posted).hasSize(2);
            assertThat(posted.get(0)).contains("\"exceptionId\":" + id).contains("\"threshold\":\"4h\"")
                    .contains("SHP-AGE1");
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void aResolvedExceptionNeverAges() {
        ExceptionAging aging = new ExceptionAging(exceptions, owners.agingThresholds(), null, meters, clock,
                new ObjectMapper());
        exceptions.record(ExceptionCategory.UNKNOWN_ITEM, "acme-3pl", "SHP-AGE2", null, "unknown", "raw_file:y");
        exceptions.resolvePosted("acme-3pl", "SHP-AGE2", "posted by event e1: INV-1");
        clock.now = RAISED.plus(Duration.ofDays(10));
        assertThat(aging.check()).isZero();
    }

    private static final class MovableClock extends Clock {
        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
