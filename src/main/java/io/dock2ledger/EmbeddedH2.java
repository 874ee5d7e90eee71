package io.dock2ledger;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

import java.sql.Connection;
import java.sql.SQLException;

/** The MVStore behind a pooled connection, when that connection is to an H2 file database in this JVM. */
final class EmbeddedH2 {

    private EmbeddedH2() {
    }

    /** @return the store, or null for any other database (PostgreSQL, H2 over TCP, in-memory H2) */
    static MVStore store(Connection connection) throws SQLException {
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
