package io.dock2ledger;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Brings the embedded H2 database back after it closed itself. When a write fails (a full disk), H2 closes the whole
 * database: every pooled connection then answers "The database has been closed" (90098) or "Database is already
 * closed" (90121) for good, and Hikari keeps handing them out, because it only evicts connections on network-type
 * SQL states. The hub stopped posting until someone restarted it (found by the fault-injection suite, scenario disk
 * full). This check runs a trivial query every few seconds (route closed-database-recovery); on those two errors it
 * evicts the pool's connections, and the next connection opens the database file again, recovered from its last
 * commit. On PostgreSQL these errors do not occur and the check is a cheap no-op.
 * <p>
 * A watchdog beside {@link ClosedDatabaseEviction}, which evicts each connection that meets those errors, whoever uses
 * it: this check sees only the connection it is handed (Hikari hands a thread the connection it used last), so alone
 * it left other threads' dead connections in the pool.
 */
public class ClosedDatabaseRecovery {

    private static final Logger log = LoggerFactory.getLogger(ClosedDatabaseRecovery.class);

    private final DataSource dataSource;

    public ClosedDatabaseRecovery(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @return true when the database answered (after recovering it, if it had to) */
    public boolean check() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("select 1");
            return true;
        } catch (SQLException e) {
            if (!ClosedDatabaseEviction.isClosedDatabase(e)) {
                log.warn("Database check failed: {}", e.getMessage());
                return false;
            }
            HikariDataSource pool = dataSource instanceof HikariDataSource hikari ? hikari : null;
            if (pool == null || pool.getHikariPoolMXBean() == null) {
                log.error("The database has closed itself and its pool cannot be renewed here: restart the hub", e);
                return false;
            }
            log.error("The database has closed itself ({}): renewing every pooled connection, so that the next one "
                    + "opens it again", e.getMessage());
            pool.getHikariPoolMXBean().softEvictConnections();
            return false;
        }
    }
}
