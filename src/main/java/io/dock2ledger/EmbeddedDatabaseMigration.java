package io.dock2ledger;

import com.zaxxer.hikari.HikariConfig;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.configuration.Configuration;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.DeleteDbFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Migrates the database at start (Spring Boot's Flyway strategy). The embedded H2 file is never migrated in place: its
 * pending migrations run on a copy, and the copy replaces the file in one atomic rename once all of them completed.
 * <p>
 * Why: H2 commits each DDL statement on its own, so a hub killed during a migration left a half-migrated file that
 * Flyway could not migrate again ({@code Table "erp_delivery" already exists}): the hub never started again. The
 * fault-injection suite's kill -9 scenario found it twice, a kill during the very first migration of a new file and,
 * on 2026-12-06, a kill after the first start's earlier migrations had completed. With the copy, a kill or a failed
 * migration leaves the database as it was, and the next start deletes the leftover copy and migrates again.
 * The cost: one copy of the file when migrations are pending (an upgrade); nothing to copy on a first start; one look
 * at the migration history on a restart.
 * <p>
 * A file left by an older hub killed during its very first migration (this hub's history table, other tables, no
 * completed migration) is replaced by a freshly migrated one: it holds no data, since nothing is written before every
 * migration has completed. PostgreSQL (whose DDL is transactional: an interrupted migration leaves nothing behind) and
 * H2 in memory or over TCP are migrated in place by Flyway.
 */
public class EmbeddedDatabaseMigration implements FlywayMigrationStrategy {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseMigration.class);

    /** Appended to the database's name for the copy being migrated ({@code dock2ledger-migrating.mv.db}). */
    static final String COPY = "-migrating";

    @Override
    public void migrate(Flyway flyway) {
        EmbeddedFile.of(flyway.getConfiguration().getDataSource())
                .ifPresent(file -> migrateOnACopy(file, flyway.getConfiguration()));
        flyway.migrate(); // H2: nothing left to apply, Flyway validates; PostgreSQL: every pending migration
    }

    static void migrateOnACopy(EmbeddedFile file, Configuration configuration) {
        file.deleteCopy(); // left by a hub killed during its migration: the file itself was not touched
        boolean fromEmpty = true;
        if (Files.exists(file.file())) {
            refuseIfOpen(file.file());
            Flyway original = flyway(configuration, file.url(), file);
            MigrationInfoService info = original.info();
            if (info.pending().length == 0) {
                return; // a restart: one look at the history, no copy
            }
            // Only a file with no completed migration can be what an older hub's interrupted first migration left.
            if (info.current() == null && isInterruptedFirstMigration(original)) {
                log.warn("The embedded H2 database {} has tables but no completed migration: an older hub was stopped "
                        + "during its first migration. It holds no data and is replaced by a newly migrated one",
                        file.file());
            } else {
                fromEmpty = false;
            }
        }
        long start = System.nanoTime();
        try {
            if (!fromEmpty) {
                Files.copy(file.file(), file.copy(), StandardCopyOption.COPY_ATTRIBUTES);
                log.info("Copied the embedded H2 database {} ({} MB) in {} ms to migrate the copy", file.file(),
                        file.megabytes(), (System.nanoTime() - start) / 1_000_000);
            }
            log.info("Migrating {} of the embedded H2 database {}; it replaces the file once every migration completed",
                    fromEmpty ? "a new file" : "a copy", file.file());
            flyway(configuration, file.copyUrl(), file).migrate();
            refuseIfOpen(file.copy()); // Flyway closed it: renamed while open, it would be two databases in one file
            force(file.copy());
            if (Files.exists(file.file())) {
                refuseIfOpen(file.file());
            }
            Files.move(file.copy(), file.file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            force(file.file().getParent());
            log.info("The migrated copy replaced the embedded H2 database {} ({} ms in all)", file.file(),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            throw withoutCopy(file, new UncheckedIOException("Cannot migrate a copy of the embedded H2 database "
                    + file.file() + " (the database itself is unchanged; the copy needs free space the size of the "
                    + "file, " + file.megabytes() + " MB, beside it): " + e.getMessage(), e));
        } catch (RuntimeException e) {
            throw withoutCopy(file, e);
        }
    }

    /** The copy of a failed migration is deleted; the failure, not a failure to delete, is what the start reports. */
    private static RuntimeException withoutCopy(EmbeddedFile file, RuntimeException failure) {
        try {
            file.deleteCopy();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    /** This hub's history table, other tables and no completed migration: what a kill left before this strategy. */
    static boolean isInterruptedFirstMigration(Flyway flyway) {
        DataSource dataSource = flyway.getConfiguration().getDataSource();
        String history = flyway.getConfiguration().getTable();
        try (Connection connection = dataSource.getConnection()) {
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
            try (Statement statement = connection.createStatement();
                 ResultSet completed = statement.executeQuery(
                         "select count(*) from \"" + history + "\" where \"success\"")) {
                return completed.next() && completed.getInt(1) == 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot inspect the database before migrating it: " + e.getMessage(), e);
        }
    }

    private static Flyway flyway(Configuration configuration, String url, EmbeddedFile file) {
        return Flyway.configure(configuration.getClassLoader()).configuration(configuration)
                .dataSource(url, file.user(), file.password()).load();
    }

    /**
     * H2 locks its whole file while it has it open: a lock we can take means no process has it open, so the copy can
     * replace it. Another hub on the same data directory, or a connection of this one taken before the migration, stops
     * the start here rather than have the file replaced under it.
     */
    static void refuseIfOpen(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw new IllegalStateException("The embedded H2 database " + file + " is open in another process "
                        + "(another hub on the same data directory?): it cannot be migrated");
            }
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException("The embedded H2 database " + file + " is open in this process before its "
                    + "migration: it cannot be migrated on a copy", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the embedded H2 database " + file + ": " + e.getMessage(), e);
        }
    }

    /** On the disk before the rename: a power loss must not leave the name pointing at a file not written yet. */
    private static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * An H2 database in a file of this machine, from the pool's settings (a connection would open the file and keep it
     * open in the pool): {@code jdbc:h2:file:/data/db/dock2ledger;MODE=...} is {@code /data/db/dock2ledger.mv.db}.
     */
    record EmbeddedFile(Path name, String settings, String user, String password) {

        static Optional<EmbeddedFile> of(DataSource dataSource) {
            if (dataSource instanceof HikariConfig pool) {
                return parse(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
            }
            if (dataSource instanceof JdbcDataSource h2) {
                return parse(h2.getURL(), h2.getUser(), h2.getPassword());
            }
            return Optional.empty();
        }

        static Optional<EmbeddedFile> parse(String url, String user, String password) {
            if (url == null || !url.startsWith("jdbc:h2:")) {
                return Optional.empty();
            }
            String rest = url.substring("jdbc:h2:".length());
            int semicolon = rest.indexOf(';');
            String settings = semicolon < 0 ? "" : rest.substring(semicolon);
            String name = semicolon < 0 ? rest : rest.substring(0, semicolon);
            if (name.startsWith("file:")) {
                name = name.substring("file:".length());
            } else if (!(name.startsWith("/") || name.startsWith("./") || name.startsWith("~/"))) {
                return Optional.empty(); // mem:, tcp:, ssl: and H2's other file systems
            }
            if (name.startsWith("~/")) {
                name = System.getProperty("user.home") + name.substring(1);
            }
            return Optional.of(new EmbeddedFile(Path.of(name).toAbsolutePath(), settings, user,
                    password == null ? "" : password));
        }

        Path file() {
            return sibling(".mv.db");
        }

        long megabytes() {
            try {
                return Files.exists(file()) ? Files.size(file()) >> 20 : 0;
            } catch (IOException e) {
                return -1;
            }
        }

        Path copy() {
            return sibling(COPY + ".mv.db");
        }

        String url() {
            return "jdbc:h2:file:" + name + settings;
        }

        String copyUrl() {
            return "jdbc:h2:file:" + name + COPY + settings;
        }

        /** A copy another hub on the same data directory is migrating right now stops this start instead. */
        void deleteCopy() {
            if (Files.exists(copy())) {
                refuseIfOpen(copy());
            }
            DeleteDbFiles.execute(name.getParent().toString(), name.getFileName() + COPY, true);
        }

        private Path sibling(String suffix) {
            return name.resolveSibling(name.getFileName() + suffix);
        }
    }
}
