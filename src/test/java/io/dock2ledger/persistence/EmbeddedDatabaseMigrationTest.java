package io.dock2ledger.persistence;

import com.zaxxer.hikari.HikariDataSource;
import io.dock2ledger.EmbeddedDatabaseMigration;
import io.dock2ledger.persistence.killpoint.V30_5__Killed_half_way;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A hub killed while Flyway migrates its embedded H2 file. H2 commits each DDL statement on its own, so a migration run
 * in place and killed half way leaves a file Flyway cannot migrate again: KillNineFaultIT met it on a kill during the
 * first start ("Table md_item already exists", before any migration had completed) and again on 2026-12-06 ("Table
 * erp_delivery already exists", after the first start's earlier migrations had completed); the hub never started
 * again. {@link EmbeddedDatabaseMigration} migrates a copy and renames it over the file once complete.
 * <p>
 * The kills are real: a child JVM migrates the file with the hub's strategy and a Hikari pool, and stops inside a
 * migration placed between two of the hub's own ({@link V30_5__Killed_half_way}, after its first DDL statement has
 * committed) until it is SIGKILLed.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EmbeddedDatabaseMigrationTest {

    private static final String[] HUB_MIGRATIONS = {"classpath:db/migration", "classpath:db/vendor/h2"};
    private static final String[] WITH_KILLPOINT = {"classpath:db/migration", "classpath:db/vendor/h2",
            "classpath:io/dock2ledger/persistence/killpoint"};

    @TempDir
    Path dir;

    @Test
    void aHubKilledDuringItsFirstMigrationStartsOnTheNextStart() throws Exception {
        String url = url("first");

        killDuringMigration(url, "copy");

        assertThat(dir.resolve("first.mv.db")).as("the database's own file is only ever a completed one").doesNotExist();
        assertThat(dir.resolve("first-migrating.mv.db")).as("the copy the kill interrupted").exists();

        DataSource db = h2(url);
        new EmbeddedDatabaseMigration().migrate(flyway(db, WITH_KILLPOINT));

        assertThat(flyway(db, WITH_KILLPOINT).info().pending()).isEmpty();
        assertThat(new JdbcTemplate(db).queryForObject("select count(*) from half_migrated", Integer.class)).isZero();
        assertThat(dir.resolve("first-migrating.mv.db")).as("the leftover copy is gone").doesNotExist();
    }

    @Test
    void aHubKilledDuringAnUpgradeKeepsItsDatabaseAsItWasAndMigratesOnTheNextStart() throws Exception {
        String url = url("upgrade");
        DataSource db = h2(url);
        configure(db, HUB_MIGRATIONS).target("21").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(db);
        jdbc.update("create table operator_notes (n int)");
        jdbc.update("insert into operator_notes values (1)");

        killDuringMigration(url, "copy");

        assertThat(flyway(db, WITH_KILLPOINT).info().current().getVersion()).as("the file as it was before the start")
                .isEqualTo(MigrationVersion.fromVersion("21"));
        assertThat(jdbc.queryForObject("select count(*) from information_schema.tables where table_name in "
                + "('erp_delivery', 'half_migrated')", Integer.class)).as("nothing of the interrupted migrations").isZero();

        new EmbeddedDatabaseMigration().migrate(flyway(db, WITH_KILLPOINT));

        assertThat(flyway(db, WITH_KILLPOINT).info().pending()).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from operator_notes", Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from half_migrated", Integer.class)).isZero();
        assertThat(dir.resolve("upgrade-migrating.mv.db")).doesNotExist();
    }

    @Test
    void migratedInPlaceTheSameKillLeavesAFileFlywayCannotMigrateAgain() throws Exception {
        String url = url("in-place");

        killDuringMigration(url, "in-place");

        DataSource db = h2(url);
        assertThatThrownBy(() -> flyway(db, WITH_KILLPOINT).migrate()).as("the hub never started again")
                .hasMessageContaining("already exists");
    }

    @Test
    void aFileLeftByAnOlderHubKilledDuringItsFirstMigrationIsMigratedAgainFromTheStart() {
        DataSource db = h2(url("interrupted"));
        interruptedHalfWay(db);
        assertThatThrownBy(() -> flyway(db, HUB_MIGRATIONS).migrate()).as("Flyway alone: the hub never starts again")
                .hasMessageContaining("already exists");

        interruptedHalfWay(db);
        new EmbeddedDatabaseMigration().migrate(flyway(db, HUB_MIGRATIONS));

        assertThat(flyway(db, HUB_MIGRATIONS).info().pending()).isEmpty();
        assertThat(new JdbcTemplate(db).queryForObject("select count(*) from md_item", Integer.class)).isZero();
    }

    @Test
    void aMigratedDatabaseWithItsDataIsLeftAsItIs() {
        DataSource db = h2(url("used"));
        flyway(db, HUB_MIGRATIONS).migrate();
        JdbcTemplate jdbc = new JdbcTemplate(db);
        jdbc.update("create table operator_notes (n int)");
        jdbc.update("insert into operator_notes values (1)");

        new EmbeddedDatabaseMigration().migrate(flyway(db, HUB_MIGRATIONS));

        assertThat(jdbc.queryForObject("select count(*) from operator_notes", Integer.class)).isEqualTo(1);
    }

    @Test
    void aDatabaseThisHubDidNotCreateIsNeverChanged() {
        DataSource db = h2(url("foreign"));
        JdbcTemplate jdbc = new JdbcTemplate(db);
        jdbc.update("create table md_item (n int)");
        jdbc.update("insert into md_item values (7)");

        assertThatThrownBy(() -> new EmbeddedDatabaseMigration().migrate(flyway(db, HUB_MIGRATIONS)))
                .as("Flyway refuses it, as before").hasMessageContaining("non-empty schema");
        assertThat(jdbc.queryForObject("select n from md_item", Integer.class)).isEqualTo(7);
        assertThat(dir.resolve("foreign-migrating.mv.db")).as("the refused copy is deleted").doesNotExist();
    }

    @Test
    void aDatabaseOpenElsewhereIsNotReplaced() {
        String url = url("open");
        HikariDataSource running = hikari(url);
        try {
            configure(running, HUB_MIGRATIONS).target("21").load().migrate(); // the pool now holds the file open
            HikariDataSource starting = hikari(url);
            assertThatThrownBy(() -> new EmbeddedDatabaseMigration().migrate(flyway(starting, HUB_MIGRATIONS)))
                    .hasMessageContaining("is open in this process before its migration");
            starting.close();
            assertThat(flyway(running, HUB_MIGRATIONS).info().current().getVersion())
                    .isEqualTo(MigrationVersion.fromVersion("21"));
        } finally {
            running.close();
        }
    }

    @Test
    void aCopyAnotherHubIsMigratingIsLeftToIt() throws Exception {
        String url = url("racing");
        try (HikariDataSource other = hikari(url.replace("racing;", "racing-migrating;"))) {
            configure(other, HUB_MIGRATIONS).target("21").load().migrate(); // the other hub, half way

            assertThatThrownBy(() -> new EmbeddedDatabaseMigration().migrate(flyway(h2(url), HUB_MIGRATIONS)))
                    .hasMessageContaining("racing-migrating.mv.db is open");
            assertThat(flyway(other, HUB_MIGRATIONS).info().current().getVersion()).as("its copy is untouched")
                    .isEqualTo(MigrationVersion.fromVersion("21"));
        }
    }

    /** Runs the hub's migration (copy) or Flyway's own (in-place) in a child JVM and kills it inside V30.5. */
    private static void killDuringMigration(String url, String mode) throws Exception {
        Process hub = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dkillpoint.block=true", "-cp", System.getProperty("java.class.path"),
                MigratingHub.class.getName(), url, mode).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(hub.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.contains(V30_5__Killed_half_way.BLOCKED)) {
                output.add(line);
            }
            assertThat(line).as("the child reached the kill point; its output:%n%s", String.join("\n", output))
                    .isNotNull();
        } finally {
            hub.destroyForcibly(); // SIGKILL: no shutdown hook, no H2 close
            hub.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(hub.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    }

    /** The child JVM: a Hikari pool on the file, as the hub has, and the hub's strategy or Flyway's own migrate. */
    public static final class MigratingHub {
        public static void main(String[] args) {
            HikariDataSource pool = hikari(args[0]);
            Flyway flyway = flyway(pool, WITH_KILLPOINT);
            if (args[1].equals("copy")) {
                new EmbeddedDatabaseMigration().migrate(flyway);
            } else {
                flyway.migrate();
            }
            throw new IllegalStateException("the migration was not stopped at its kill point");
        }
    }

    /** The history table and part of V1's tables, no completed migration: what a kill left before the copy. */
    private static void interruptedHalfWay(DataSource db) {
        JdbcTemplate jdbc = new JdbcTemplate(db);
        jdbc.execute("drop all objects");
        flyway(db, HUB_MIGRATIONS).migrate();
        jdbc.update("delete from flyway_schema_history");
        jdbc.execute("drop table posting_ledger if exists cascade");
    }

    private static Flyway flyway(DataSource db, String[] locations) {
        return configure(db, locations).load();
    }

    private static FluentConfiguration configure(DataSource db, String[] locations) {
        return Flyway.configure().dataSource(db).locations(locations);
    }

    private static HikariDataSource hikari(String url) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername("sa");
        pool.setPassword("");
        return pool;
    }

    /** The hub's settings; WRITE_DELAY=0 puts each commit on the disk before it returns, as a kill must find it. */
    private String url(String name) {
        return "jdbc:h2:file:" + dir.resolve(name)
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
    }

    private static DataSource h2(String url) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        return ds;
    }
}
