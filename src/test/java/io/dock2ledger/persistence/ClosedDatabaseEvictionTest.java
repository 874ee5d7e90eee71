package io.dock2ledger.persistence;

import com.zaxxer.hikari.HikariDataSource;
import io.dock2ledger.ClosedDatabaseEviction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A full disk closes the H2 database under the pool (FullDiskFileSystem: the write fails as ENOSPC does). Hikari hands
 * a thread the connection it used last and H2 still calls that connection valid, so without
 * {@link ClosedDatabaseEviction} the thread that met the full disk gets its dead connection back for ever, after the
 * disk has room again; with it the connection is evicted and the next one opens the database from its last commit.
 */
class ClosedDatabaseEvictionTest {

    @TempDir
    Path dir;

    @Test
    void aConnectionOfADatabaseClosedByAFullDiskIsEvictedAndTheNextOneOpensItAgain() {
        assertThat(afterAFullDisk(true)).isEqualTo(2);
    }

    @Test
    void withoutTheEvictionTheSameThreadGetsTheDeadConnectionBack() {
        assertThatThrownBy(() -> afterAFullDisk(false)).as("Hikari's own judgement keeps the dead connection")
                .hasMessageContaining("The database has been closed");
    }

    /** Rows counted by the thread that met the full disk, once the disk has room again. */
    private int afterAFullDisk(boolean evict) {
        FullDiskFileSystem.register();
        try (HikariDataSource pool = Databases.h2Pool(
                "jdbc:h2:fulldisk:" + dir.resolve(evict ? "evict" : "keep") + ";WRITE_DELAY=0", 4)) {
            if (evict) {
                pool.setExceptionOverrideClassName(ClosedDatabaseEviction.class.getName());
            }
            JdbcTemplate jdbc = new JdbcTemplate(pool);
            jdbc.execute("create table t (n int)");
            jdbc.update("insert into t values (1)");
            FullDiskFileSystem.fill();
            try {
                assertThatThrownBy(() -> jdbc.update("insert into t values (2)")).as("a commit on a full disk").isNotNull();
                assertThatThrownBy(() -> jdbc.update("insert into t values (3)")).hasMessageContaining("closed");
            } finally {
                FullDiskFileSystem.free();
            }
            jdbc.update("insert into t values (4)");
            return jdbc.queryForObject("select count(*) from t", Integer.class);
        }
    }
}
