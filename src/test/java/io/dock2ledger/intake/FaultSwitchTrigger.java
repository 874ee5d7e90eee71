package io.dock2ledger.intake;

import org.h2.api.Trigger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A technical failure on demand, inside the hub's own H2 database: a row written to the table this trigger is on fails
 * with an SQLException while one of its values is listed in {@code test_fault_switch}. The test switches the fault on
 * and off with plain SQL; nothing in the hub is replaced.
 */
public class FaultSwitchTrigger implements Trigger {

    /** The table and its trigger, by plain SQL. */
    static String create(String trigger, String timing, String table) {
        return "create trigger " + trigger + " " + timing + " on " + table + " for each row call \""
                + FaultSwitchTrigger.class.getName() + "\"";
    }

    static final String SWITCH_TABLE = "create table if not exists test_fault_switch (val varchar(200) primary key)";

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        if (newRow == null) {
            return;
        }
        try (PreparedStatement switched = connection.prepareStatement("select val from test_fault_switch");
             ResultSet on = switched.executeQuery()) {
            while (on.next()) {
                for (Object value : newRow) {
                    if (on.getString(1).equals(value)) {
                        throw new SQLException("Fault switched on for " + value + " (test_fault_switch)");
                    }
                }
            }
        }
    }
}
