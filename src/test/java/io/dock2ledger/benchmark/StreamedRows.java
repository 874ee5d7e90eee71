package io.dock2ledger.benchmark;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Reads a query's rows one at a time, however many there are. PostgreSQL's driver holds a whole result in memory
 * unless it is read in a transaction with a fetch size: reading the 1 GB run's audit that way took 3.7 GiB of heap
 * (docs/performance.md, twenty-first pass). H2 streams either way.
 */
final class StreamedRows {

    interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private StreamedRows() {
    }

    static void forEach(Connection db, String sql, Row row) throws SQLException {
        boolean autoCommit = db.getAutoCommit();
        db.setAutoCommit(false);
        try (Statement s = db.createStatement()) {
            s.setFetchSize(10_000);
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        } finally {
            db.commit();
            db.setAutoCommit(autoCommit);
        }
    }
}
