package io.dock2ledger;

import com.zaxxer.hikari.SQLExceptionOverride;

import java.sql.SQLException;

/**
 * Tells the connection pool that a connection answering H2's "The database has been closed" (90098) or "Database is
 * already closed" (90121) is dead (Hikari's {@code exception-override-class-name}, application.yaml). Hikari evicts a
 * connection only on network-type SQL states, and H2's {@code isValid} still answers true on a session of a database
 * that closed itself on a full disk, so such a connection went on being handed out to the thread that last used it:
 * after a full disk the inbox thread's connection failed every document for as long as the hub ran, while
 * {@link ClosedDatabaseRecovery}'s own check, on another connection, found nothing wrong (DiskFullFaultIT, 2026-12-03).
 * Evicted, the connection is replaced by a new one, which opens the database again from its last commit. On PostgreSQL
 * these codes do not occur: Hikari's own judgement applies.
 */
public class ClosedDatabaseEviction implements SQLExceptionOverride {

    static final int H2_DATABASE_IS_CLOSED = 90098;
    static final int H2_DATABASE_CALLED_AT_SHUTDOWN = 90121;

    @java.lang.Override
    public SQLExceptionOverride.Override adjudicate(SQLException e) {
        return isClosedDatabase(e) ? SQLExceptionOverride.Override.MUST_EVICT : SQLExceptionOverride.Override.CONTINUE_EVICT;
    }

    static boolean isClosedDatabase(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && (sql.getErrorCode() == H2_DATABASE_IS_CLOSED
                    || sql.getErrorCode() == H2_DATABASE_CALLED_AT_SHUTDOWN)) {
                return true;
            }
        }
        return false;
    }
}
