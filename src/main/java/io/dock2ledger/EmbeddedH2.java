package io.dock2ledger;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Predicate;

/**
 * The MVStore behind the hub's pool, when the pool is to an H2 file database in this JVM: what the housekeeping of the
 * embedded file ({@link H2StoreCompaction}, {@link H2StoreSync}) acts on. On any other database it does nothing.
 */
final class EmbeddedH2 {

    private final DataSource dataSource;
    private final Logger log;
    /** Unknown until the first call, then whether the database is an embedded H2 file at all. */
    private volatile Boolean embedded;

    /** @param log where a skipped call is logged (at debug), the caller's own logger */
    EmbeddedH2(DataSource dataSource, Logger log) {
        this.dataSource = dataSource;
        this.log = log;
    }

    /**
     * Runs {@code action} on the open store, with a pooled connection held for its duration.
     *
     * @param what named in the debug line when the call is skipped on a failure
     * @return what the action returned; false on any other database, on a closed store, or when it failed
     */
    boolean run(String what, Predicate<MVStore> action) {
        if (Boolean.FALSE.equals(embedded)) {
            return false;
        }
        try (Connection connection = dataSource.getConnection()) {
            MVStore store = store(connection);
            embedded = store != null;
            return store != null && !store.isClosed() && action.test(store);
        } catch (SQLException | RuntimeException e) {
            // A database that closed itself (a full disk) is ClosedDatabaseRecovery's to reopen; the next call goes on.
            log.debug("{} skipped: {}", what, e.toString());
            return false;
        }
    }

    /** @return the store, or null for any other database (PostgreSQL, H2 over TCP, in-memory H2) */
    private static MVStore store(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)) {
            return null;
        }
        if (!(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local)) {
            return null; // H2 over TCP: the server keeps its own file
        }
        var store = local.getDatabase().getStore();
        if (store == null || store.getMvStore().getFileStore() == null) {
            return null; // in-memory H2: no file to compact or sync
        }
        return store.getMvStore();
    }
}
