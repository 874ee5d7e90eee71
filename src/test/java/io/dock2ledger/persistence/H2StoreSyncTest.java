package io.dock2ledger.persistence;

import io.dock2ledger.H2StoreSync;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The H2 file under the hub's own URL settings ({@code WRITE_DELAY=0}) on a disk that counts syncs
 * ({@link FullDiskFileSystem}): H2 writes each commit to the file but never forces it to the disk, which is why the hub
 * does ({@link H2StoreSync}, route h2-store-sync, docs/performance.md "tenth pass").
 */
class H2StoreSyncTest {

    @BeforeAll
    static void disk() {
        FullDiskFileSystem.register();
    }

    @Test
    void h2CommitsWithoutEverForcingTheFileAndASyncForcesIt(@TempDir Path dir) throws Exception {
        String file = dir.resolve("hub") + ".mv.db";
        JdbcDataSource h2 = h2("jdbc:h2:fulldisk:" + dir.resolve("hub") + ";WRITE_DELAY=0");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        H2StoreSync sync = new H2StoreSync(h2, meters);
        try (Connection open = h2.getConnection()) {
            long before = FullDiskFileSystem.forces(file);
            commit(open, 500);
            // The premise: 500 commits written through to the file, not one forced to the disk.
            assertThat(FullDiskFileSystem.forces(file)).as("syncs by H2 itself over 500 commits").isEqualTo(before);

            assertThat(sync.sync()).isTrue();
            assertThat(FullDiskFileSystem.forces(file)).as("syncs after one H2StoreSync.sync()").isEqualTo(before + 1);
            assertThat(meters.timer("dock2ledger.database.file.sync").count()).isEqualTo(1);
        }
    }

    @Test
    void onPostgresqlASyncDoesNothing() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        H2StoreSync sync = new H2StoreSync(Databases.freshPostgres(), meters);

        assertThat(sync.sync()).isFalse();
        assertThat(sync.sync()).isFalse();
        assertThat(meters.timer("dock2ledger.database.file.sync").count()).isZero();
    }

    @Test
    void anInMemoryH2HasNoFileToSync() throws Exception {
        JdbcDataSource h2 = h2("jdbc:h2:mem:sync-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        H2StoreSync sync = new H2StoreSync(h2, meters);

        assertThat(sync.sync()).isFalse();
        assertThat(meters.timer("dock2ledger.database.file.sync").count()).isZero();
    }

    @Test
    void aDatabaseThatCannotBeReachedIsSkipped(@TempDir Path dir) throws Exception {
        // IFEXISTS: no database is created by the sync's own connection.
        JdbcDataSource h2 = h2("jdbc:h2:file:" + dir.resolve("missing") + ";IFEXISTS=TRUE");
        H2StoreSync sync = new H2StoreSync(h2, new SimpleMeterRegistry());

        assertThat(sync.sync()).isFalse();
    }

    private static JdbcDataSource h2(String url) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url);
        h2.setUser("sa");
        return h2;
    }

    private static void commit(Connection c, int commits) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("create table event(id int primary key, payload varchar(400))");
        }
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement("insert into event values (?, ?)")) {
            for (int i = 1; i <= commits; i++) {
                insert.setInt(1, i);
                insert.setString(2, "p".repeat(300));
                insert.executeUpdate();
                c.commit();
            }
        }
    }
}
