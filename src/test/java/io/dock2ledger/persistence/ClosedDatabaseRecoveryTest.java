package io.dock2ledger.persistence;

import com.zaxxer.hikari.HikariDataSource;
import io.dock2ledger.ClosedDatabaseRecovery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An H2 database that closed itself (as it does when a write fails on a full disk) is opened again through the same
 * pool once the check has run; without it every pooled connection keeps failing until the hub is restarted.
 */
class ClosedDatabaseRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void aClosedH2DatabaseIsOpenedAgainThroughTheSamePool() {
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl("jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=0");
            pool.setUsername("sa");
            pool.setPassword("");
            pool.setMaximumPoolSize(2);
            JdbcTemplate jdbc = new JdbcTemplate(pool);
            jdbc.execute("create table t (n int)");
            jdbc.update("insert into t values (1)");
            jdbc.execute("shutdown"); // the database closes under the pool's open connections

            assertThatThrownBy(() -> jdbc.queryForObject("select count(*) from t", Integer.class))
                    .as("the pool hands out connections of the closed database").isNotNull();
            ClosedDatabaseRecovery recovery = new ClosedDatabaseRecovery(pool);
            assertThat(recovery.check()).as("the check finds it closed and renews the pool").isFalse();

            assertThat(recovery.check()).isTrue();
            assertThat(jdbc.queryForObject("select count(*) from t", Integer.class)).isEqualTo(1);
        }
    }
}
