package io.dock2ledger.edi.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Control numbers in table {@code edi_control_number}. Each call is one database transaction: make sure the row
 * exists, increment it, read it back. The UPDATE takes the row lock, so two hub instances asking at once are
 * serialised by the database and never get the same number.
 */
public final class JdbcControlNumbers implements ControlNumbers {

    private final DataSource dataSource;

    public JdbcControlNumbers(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public long next(String partner, String kind) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                long value = increment(connection, partner, kind);
                connection.commit();
                return value;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot allocate " + kind + " control number for " + partner, e);
        }
    }

    private static long increment(Connection connection, String partner, String kind) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into edi_control_number (partner, kind, last_value) values (?, ?, 0) on conflict do nothing")) {
            insert.setString(1, partner);
            insert.setString(2, kind);
            insert.executeUpdate();
        }
        try (PreparedStatement update = connection.prepareStatement(
                "update edi_control_number set last_value = case when last_value >= ? then 1 else last_value + 1 end"
                        + " where partner = ? and kind = ?")) {
            update.setLong(1, MAX);
            update.setString(2, partner);
            update.setString(3, kind);
            update.executeUpdate();
        }
        try (PreparedStatement select = connection.prepareStatement(
                "select last_value from edi_control_number where partner = ? and kind = ?")) {
            select.setString(1, partner);
            select.setString(2, kind);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("control number row vanished for " + partner + "/" + kind);
                }
                return rs.getLong(1);
            }
        }
    }
}
