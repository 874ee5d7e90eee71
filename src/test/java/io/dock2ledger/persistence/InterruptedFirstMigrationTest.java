package io.dock2ledger.persistence;

import io.dock2ledger.InterruptedFirstMigration;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A hub killed during its first start, while Flyway creates the schema of its embedded H2 file: H2 commits each DDL
 * statement on its own, so some tables exist and the migration history holds no completed migration (KillNineFaultIT
 * met it on a slow machine: every later start failed on "Table md_item already exists"). The state is made here as the
 * kill leaves it: the history table, part of V1's tables, no history row.
 */
class InterruptedFirstMigrationTest {

    @TempDir
    Path dir;

    @Test
    void aFirstMigrationInterruptedHalfWayIsRunAgainFromTheStart() {
        DataSource db = h2("interrupted");
        interruptedHalfWay(db);
        assertThatThrownBy(() -> flyway(db).migrate()).as("Flyway alone: the hub never starts again")
                .hasMessageContaining("already exists");

        interruptedHalfWay(db);
        new InterruptedFirstMigration().migrate(flyway(db));

        assertThat(flyway(db).info().pending()).isEmpty();
        assertThat(new JdbcTemplate(db).queryForObject("select count(*) from md_item", Integer.class)).isZero();
    }

    @Test
    void aMigratedDatabaseWithItsDataIsLeftAsItIs() {
        DataSource db = h2("used");
        flyway(db).migrate();
        JdbcTemplate jdbc = new JdbcTemplate(db);
        jdbc.update("create table operator_notes (n int)");
        jdbc.update("insert into operator_notes values (1)");

        new InterruptedFirstMigration().migrate(flyway(db));

        assertThat(jdbc.queryForObject("select count(*) from operator_notes", Integer.class)).isEqualTo(1);
    }

    @Test
    void aDatabaseThisHubDidNotCreateIsNeverDropped() {
        DataSource db = h2("foreign");
        JdbcTemplate jdbc = new JdbcTemplate(db);
        jdbc.update("create table md_item (n int)");

        assertThatThrownBy(() -> new InterruptedFirstMigration().migrate(flyway(db))).as("Flyway refuses it, as before")
                .hasMessageContaining("non-empty schema");
        assertThat(jdbc.queryForObject("select count(*) from md_item", Integer.class)).isZero();
    }

    /** The history table and part of V1's tables, no completed migration: what the kill leaves. */
    private static void interruptedHalfWay(DataSource db) {
        JdbcTemplate jdbc = new JdbcTemplate(db);
        jdbc.execute("drop all objects");
        flyway(db).migrate();
        jdbc.update("delete from flyway_schema_history");
        jdbc.execute("drop table posting_ledger if exists cascade");
    }

    private static Flyway flyway(DataSource db) {
        return Flyway.configure().dataSource(db).locations("classpath:db/migration", "classpath:db/vendor/h2").load();
    }

    private DataSource h2(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve(name) + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        ds.setUser("sa");
        return ds;
    }
}
