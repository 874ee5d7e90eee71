package io.dock2ledger;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
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
 * <p>
 * A second way H2 stays shut after a full disk: when an open or a close of the database fails on the full disk, H2 can
 * leave the store it was opening or closing behind without closing its file, and the file's lock with it. Every new
 * connection then fails ("The file is locked", an {@code OverlappingFileLockException}: this JVM holds the lock), the
 * pool cannot open a single connection and every thread of the hub waits for one (DiskFullFaultIT, 2026-12-03: no
 * thread in H2 code, all in the pool's {@code borrow}, the pool's connection adder backing off). Such a store is
 * unreachable, and the JVM drops its lock when a garbage collection clears it, but an idle hub may not collect for a
 * long time. So when the check finds the pool starved of connections it cannot open (threads waiting, none idle,
 * fewer than the maximum open) on an embedded H2 file twice in a row, it asks for a collection (at most once every
 * ten seconds) and leaves the pool to retry. It does not borrow a connection then: that would wait out the pool's
 * whole connection timeout.
 */
public class ClosedDatabaseRecovery {

    private static final Logger log = LoggerFactory.getLogger(ClosedDatabaseRecovery.class);

    private static final long COLLECTION_INTERVAL_NANOS = 10_000_000_000L;

    private final DataSource dataSource;
    private final Runnable collectGarbage;
    private int starvedChecks;
    private long lastCollection = System.nanoTime() - COLLECTION_INTERVAL_NANOS;

    public ClosedDatabaseRecovery(DataSource dataSource) {
        this(dataSource, System::gc);
    }

    /** @param collectGarbage what asks the JVM for a collection ({@code System::gc}; counted in tests) */
    public ClosedDatabaseRecovery(DataSource dataSource, Runnable collectGarbage) {
        this.dataSource = dataSource;
        this.collectGarbage = collectGarbage;
    }

    /** @return true when the database answered (after recovering it, if it had to) */
    public synchronized boolean check() {
        if (starvedOfConnectionsItCannotOpen()) {
            return false;
        }
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

    /**
     * True while the pool of an embedded H2 file has threads waiting, no idle connection and room for more: it is
     * failing to open connections. The second such check in a row asks for a garbage collection (at most once
     * every ten seconds), which lets go of a file lock held by a store H2 left behind.
     */
    private boolean starvedOfConnectionsItCannotOpen() {
        if (!(dataSource instanceof HikariDataSource pool) || !embeddedH2File(pool.getJdbcUrl())
                || pool.getHikariPoolMXBean() == null) {
            return false;
        }
        HikariPoolMXBean stats = pool.getHikariPoolMXBean();
        boolean starved = stats.getThreadsAwaitingConnection() > 0 && stats.getIdleConnections() == 0
                && stats.getTotalConnections() < pool.getMaximumPoolSize();
        if (!starved) {
            starvedChecks = 0;
            return false;
        }
        starvedChecks++;
        long now = System.nanoTime();
        if (starvedChecks >= 2 && now - lastCollection >= COLLECTION_INTERVAL_NANOS) {
            lastCollection = now;
            log.error("The pool cannot open the database ({} threads waiting, {} of {} connections open): a store that "
                    + "H2 left behind after a failed write may still hold the file's lock in this JVM; asking for a "
                    + "garbage collection, which lets go of it", stats.getThreadsAwaitingConnection(),
                    stats.getTotalConnections(), pool.getMaximumPoolSize());
            collectGarbage.run();
        }
        return true;
    }

    /** An H2 database in a file of this JVM: not in memory, not on an H2 server. */
    static boolean embeddedH2File(String jdbcUrl) {
        return jdbcUrl != null && jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:h2:mem:")
                && !jdbcUrl.startsWith("jdbc:h2:tcp:") && !jdbcUrl.startsWith("jdbc:h2:ssl:");
    }
}
