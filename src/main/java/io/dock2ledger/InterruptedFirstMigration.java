package io.dock2ledger;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Migrates the database at start (Spring Boot's Flyway strategy), after mending one state: an embedded H2 database
 * whose very first migration was interrupted. H2 commits each DDL statement on its own, so a hub killed while it
 * creates its schema on its first start leaves some tables and a migration history with no completed migration; every
 * later start then failed on "Table md_item already exists" and the hub could never start again (found by the
 * fault-injection suite's kill -9 scenario, which also kills during start-up, on a slow machine). Such a database has
 * never been used (nothing is written before every migration has completed), so its objects are dropped and the
 * migrations run again. Anything else is left to Flyway as it is: a database with a completed migration, a database
 * without Flyway's history table (not one this hub created), PostgreSQL (whose DDL is transactional: an interrupted
 * migration leaves nothing behind).
 */
public class InterruptedFirstMigration implements FlywayMigrationStrategy {

    private static final Logger log = LoggerFactory.getLogger(InterruptedFirstMigration.class);

    @Override
    public void migrate(Flyway flyway) {
        if (isInterruptedFirstMigration(flyway)) {
            log.warn("The embedded H2 database has tables but no completed migration: its first migration was "
                    + "interrupted (the hub was stopped during its first start). It holds no data; its objects are "
                    + "dropped and the migrations run again");
            execute(flyway.getConfiguration().getDataSource(), "drop all objects");
        }
        flyway.migrate();
    }

    static boolean isInterruptedFirstMigration(Flyway flyway) {
        DataSource dataSource = flyway.getConfiguration().getDataSource();
        String history = flyway.getConfiguration().getTable();
        try (Connection connection = dataSource.getConnection()) {
            if (!"H2".equals(connection.getMetaData().getDatabaseProductName())) {
                return false;
            }
            boolean hasHistory = false;
            boolean hasOtherTables = false;
            try (Statement statement = connection.createStatement();
                 ResultSet tables = statement.executeQuery("select table_name from information_schema.tables "
                         + "where upper(table_schema) = 'PUBLIC' and table_type = 'BASE TABLE'")) {
                while (tables.next()) {
                    if (tables.getString(1).equalsIgnoreCase(history)) {
                        hasHistory = true;
                    } else {
                        hasOtherTables = true;
                    }
                }
            }
            if (!hasHistory || !hasOtherTables) {
                return false;
            }
            // The history table itself, not flyway.info(), which would resolve every migration on the classpath a
            // second time at each start only to answer this (migrate() resolves them again).
            try (Statement statement = connection.createStatement();
                 ResultSet completed = statement.executeQuery(
                         "select count(*) from \"" + history + "\" where \"success\"")) {
                return completed.next() && completed.getInt(1) == 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot inspect the database before migrating it: " + e.getMessage(), e);
        }
    }

    private static void execute(DataSource dataSource, String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot mend the interrupted first migration: " + e.getMessage(), e);
        }
    }
}
