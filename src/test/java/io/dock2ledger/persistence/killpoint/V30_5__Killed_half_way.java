package io.dock2ledger.persistence.killpoint;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Statement;
import java.util.concurrent.CountDownLatch;

/**
 * A migration that a test kills half way (EmbeddedDatabaseMigrationTest): its first statement commits (H2 commits DDL
 * statement by statement), then, with {@code -Dkillpoint.block=true}, it says so and waits for its SIGKILL. Without the
 * property it completes, as the same migration does on the start after the kill.
 */
public class V30_5__Killed_half_way extends BaseJavaMigration {

    public static final String BLOCKED = "killpoint: half_migrated created, waiting for the kill";

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute("create table half_migrated (n int)");
        }
        if (Boolean.getBoolean("killpoint.block")) {
            System.out.println(BLOCKED);
            System.out.flush();
            new CountDownLatch(1).await();
        }
    }
}
