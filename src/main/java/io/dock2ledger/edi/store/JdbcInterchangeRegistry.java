package io.dock2ledger.edi.store;

import io.dock2ledger.edi.syntax.InterchangeKey;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Duplicate detection in table {@code edi_interchange}, whose primary key is (sender qualifier, sender, control
 * number). A claim is an INSERT ... ON CONFLICT DO NOTHING; if the row exists, a conditional UPDATE takes it over only
 * when it is outside the window, FAILED, or RECEIVING under the claiming file's own checksum (an unfinished read of
 * that same file). Both statements are atomic in the database, so two hub instances can
 * never both accept the same interchange.
 */
public final class JdbcInterchangeRegistry implements InterchangeRegistry {

    private final DataSource dataSource;
    private final Duration window;
    private final Clock clock;

    public JdbcInterchangeRegistry(DataSource dataSource, Duration window, Clock clock) {
        this.dataSource = dataSource;
        this.window = window;
        this.clock = clock;
    }

    @Override
    public boolean claim(InterchangeKey key, String partner, Instant receivedAt, String fileChecksum) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into edi_interchange (sender_qualifier, sender_id, control_number, partner, received_at,"
                            + " status, file_checksum) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing")) {
                bindKey(insert, key);
                insert.setString(4, partner);
                insert.setTimestamp(5, Timestamp.from(receivedAt));
                insert.setString(6, RECEIVING);
                insert.setString(7, fileChecksum);
                if (insert.executeUpdate() == 1) {
                    return true;
                }
            }
            // Taken over when outside the window, FAILED, or still RECEIVING from an unfinished read of the same file
            // (file_checksum = null is never true: a claim without a checksum takes nothing over that way).
            try (PreparedStatement takeOver = connection.prepareStatement(
                    "update edi_interchange set partner = ?, received_at = ?, status = ?, completed_at = null,"
                            + " file_checksum = ? where sender_qualifier = ? and sender_id = ? and control_number = ?"
                            + " and (received_at < ? or status = ? or (status = ? and file_checksum = ?))")) {
                takeOver.setString(1, partner);
                takeOver.setTimestamp(2, Timestamp.from(receivedAt));
                takeOver.setString(3, RECEIVING);
                takeOver.setString(4, fileChecksum);
                takeOver.setString(5, key.senderQualifier());
                takeOver.setString(6, key.sender());
                takeOver.setString(7, key.control());
                takeOver.setTimestamp(8, Timestamp.from(receivedAt.minus(window)));
                takeOver.setString(9, FAILED);
                takeOver.setString(10, RECEIVING);
                takeOver.setString(11, fileChecksum);
                return takeOver.executeUpdate() == 1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record interchange " + key, e);
        }
    }

    @Override
    public void complete(InterchangeKey key, String status, String fileChecksum) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "update edi_interchange set status = ?, file_checksum = ?, completed_at = ?"
                             + " where sender_qualifier = ? and sender_id = ? and control_number = ?")) {
            update.setString(1, status);
            update.setString(2, fileChecksum);
            update.setTimestamp(3, Timestamp.from(clock.instant()));
            update.setString(4, key.senderQualifier());
            update.setString(5, key.sender());
            update.setString(6, key.control());
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot complete interchange " + key, e);
        }
    }

    private static void bindKey(PreparedStatement statement, InterchangeKey key) throws SQLException {
        statement.setString(1, key.senderQualifier());
        statement.setString(2, key.sender());
        statement.setString(3, key.control());
    }
}
