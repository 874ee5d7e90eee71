package io.dock2ledger.edi;

import io.dock2ledger.edi.ack.AckPreferences;
import io.dock2ledger.edi.store.InterchangeRegistry;
import io.dock2ledger.edi.store.JdbcControlNumbers;
import io.dock2ledger.edi.store.JdbcInterchangeRegistry;
import io.dock2ledger.edi.syntax.InterchangeKey;
import io.dock2ledger.edi.syntax.TransactionSchemas;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JDBC control numbers and interchange registry, on H2 in PostgreSQL mode and on a real PostgreSQL, both migrated
 * by Flyway with V1 and V3.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcEdiStoresTest {

    private EmbeddedPostgres postgres;

    @BeforeAll
    void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    void stopPostgres() throws IOException {
        postgres.close();
    }

    Stream<DataSource> databases() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:edi-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        DataSource pg = postgres.getPostgresDatabase();
        resetPostgres(pg);
        return Stream.of(h2, pg).map(JdbcEdiStoresTest::migrated);
    }

    private static DataSource migrated(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return dataSource;
    }

    private static void resetPostgres(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("drop schema public cascade");
            s.execute("create schema public");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void controlNumbersCountUpPerPartnerAndKind(DataSource dataSource) {
        JdbcControlNumbers numbers = new JdbcControlNumbers(dataSource);

        assertThat(numbers.next("acme-3pl", "ISA")).isEqualTo(1);
        assertThat(numbers.next("acme-3pl", "ISA")).isEqualTo(2);
        assertThat(numbers.next("acme-3pl", "GS")).isEqualTo(1);
        assertThat(numbers.next("other", "ISA")).isEqualTo(1);
        assertThat(numbers.next("acme-3pl", "ISA")).isEqualTo(3);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void concurrentCallersNeverShareAControlNumber(DataSource dataSource) throws Exception {
        JdbcControlNumbers first = new JdbcControlNumbers(dataSource);
        JdbcControlNumbers second = new JdbcControlNumbers(dataSource);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Long>> calls = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                JdbcControlNumbers instance = i % 2 == 0 ? first : second;
                calls.add(() -> instance.next("acme-3pl", "ISA"));
            }
            Set<Long> seen = new HashSet<>();
            for (Future<Long> future : pool.invokeAll(calls)) {
                seen.add(future.get());
            }
            assertThat(seen).hasSize(80).allMatch(n -> n >= 1 && n <= 80);
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void controlNumbersWrapAfterTheLargestNineDigitValue(DataSource dataSource) throws SQLException {
        JdbcControlNumbers numbers = new JdbcControlNumbers(dataSource);
        numbers.next("acme-3pl", "ISA");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("update edi_control_number set last_value = 999999999 where partner = 'acme-3pl'");
        }
        assertThat(numbers.next("acme-3pl", "ISA")).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void registryRefusesARepeatWithinTheWindowAndAcceptsItAfter(DataSource dataSource) throws SQLException {
        Instant now = Instant.parse("2026-11-27T09:30:00Z");
        JdbcInterchangeRegistry registry = new JdbcInterchangeRegistry(dataSource, Duration.ofDays(30),
                Clock.fixed(now, ZoneOffset.UTC));
        InterchangeKey key = new InterchangeKey("ZZ", "ACME3PL", "000000101");

        assertThat(registry.claim(key, "acme-3pl", now)).isTrue();
        registry.complete(key, "ACCEPTED", "ab".repeat(32));
        assertThat(registry.claim(key, "acme-3pl", now.plus(Duration.ofDays(29)))).isFalse();
        assertThat(registry.claim(new InterchangeKey("ZZ", "OTHER", "000000101"), "other", now)).isTrue();
        assertThat(registry.claim(key, "acme-3pl", now.plus(Duration.ofDays(31)))).isTrue();

        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("select status, file_checksum from edi_interchange where sender_id = 'ACME3PL'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(InterchangeRegistry.RECEIVING);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void failedInterchangeMayBeProcessedAgain(DataSource dataSource) {
        Instant now = Instant.parse("2026-11-27T09:30:00Z");
        JdbcInterchangeRegistry registry = new JdbcInterchangeRegistry(dataSource, Duration.ofDays(30),
                Clock.fixed(now, ZoneOffset.UTC));
        InterchangeKey key = new InterchangeKey("ZZ", "ACME3PL", "000000102");

        assertThat(registry.claim(key, "acme-3pl", now)).isTrue();
        registry.complete(key, InterchangeRegistry.FAILED, null);
        assertThat(registry.claim(key, "acme-3pl", now.plusSeconds(60))).isTrue();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anUnfinishedReadOfTheSameFileTakesItsClaimOverAndNoOtherFileDoes(DataSource dataSource) {
        Instant now = Instant.parse("2026-11-27T09:30:00Z");
        JdbcInterchangeRegistry registry = new JdbcInterchangeRegistry(dataSource, Duration.ofDays(30),
                Clock.fixed(now, ZoneOffset.UTC));
        InterchangeKey key = new InterchangeKey("ZZ", "ACME3PL", "000000103");
        String file = "cd".repeat(32);

        assertThat(registry.claim(key, "acme-3pl", now, file)).isTrue();
        // The hub died half-way through the file: the row stays RECEIVING, and the file is still in the inbox.
        assertThat(registry.claim(key, "acme-3pl", now.plusSeconds(60), "ef".repeat(32)))
                .as("another file with the same control number").isFalse();
        assertThat(registry.claim(key, "acme-3pl", now.plusSeconds(60))).as("a claim without a checksum").isFalse();
        assertThat(registry.claim(key, "acme-3pl", now.plusSeconds(120), file)).as("the same file, read again").isTrue();
        registry.complete(key, "ACCEPTED", file);
        assertThat(registry.claim(key, "acme-3pl", now.plusSeconds(180), file))
                .as("the same file once it was done: a resend, a duplicate").isFalse();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void twoInstancesClaimingTheSameInterchangeAtOnceLetOnlyOneWin(DataSource dataSource) throws Exception {
        Instant now = Instant.parse("2026-11-27T09:30:00Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        List<JdbcInterchangeRegistry> instances = List.of(
                new JdbcInterchangeRegistry(dataSource, Duration.ofDays(30), clock),
                new JdbcInterchangeRegistry(dataSource, Duration.ofDays(30), clock));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 10; round++) {
                InterchangeKey key = new InterchangeKey("ZZ", "ACME3PL", String.format("%09d", 500 + round));
                List<Callable<Boolean>> calls = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    JdbcInterchangeRegistry registry = instances.get(i % 2);
                    calls.add(() -> registry.claim(key, "acme-3pl", now));
                }
                int winners = 0;
                for (Future<Boolean> future : pool.invokeAll(calls)) {
                    winners += future.get() ? 1 : 0;
                }
                assertThat(winners).as("round " + round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void intakeWithJdbcStoresAcknowledgesAndRemembersTheInterchange() {
        DataSource dataSource = databases().findFirst().orElseThrow();
        EdiIntake intake = new EdiIntake(new TransactionSchemas(), new JdbcControlNumbers(dataSource),
                new JdbcInterchangeRegistry(dataSource, Duration.ofDays(30), EdiTestSupport.CLOCK),
                EdiTestSupport.CLOCK);

        EdiTestSupport.Result first = EdiTestSupport.read(intake, "edi/demo/947_ADJ-4001.x12", AckPreferences.DEFAULT);
        EdiTestSupport.Result again = EdiTestSupport.read(intake, "edi/demo/947_ADJ-4001.x12", AckPreferences.DEFAULT);

        assertThat(first.delivered()).hasSize(1);
        assertThat(first.report().acknowledgments().get(0).controlNumber()).isEqualTo("000000001");
        assertThat(again.delivered()).isEmpty();
        assertThat(again.report().interchanges().get(0).duplicate()).isTrue();
        assertThat(again.report().acknowledgments().get(0).controlNumber()).isEqualTo("000000002");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("select status, file_checksum from edi_interchange")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("ACCEPTED");
            assertThat(rs.getString(2)).isEqualTo(first.report().fileChecksum());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
