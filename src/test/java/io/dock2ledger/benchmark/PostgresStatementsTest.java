package io.dock2ledger.benchmark;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresStatementsTest {

    @Test
    void countsWhatRanAfterTheResetWithEachForeignKeyCheckInsideItsInsert(@TempDir Path dir) throws Exception {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        PostgresStatements.serverConfig().forEach(builder::setServerConfig);
        try (EmbeddedPostgres pg = builder.start();
             Connection db = pg.getPostgresDatabase().getConnection()) {
            try (Statement s = db.createStatement()) {
                s.execute("create table head (id bigint primary key)");
                s.execute("create table line (head_id bigint references head (id), no int)");
                s.execute("insert into head values (1)");
            }
            PostgresStatements.reset(db);
            try (PreparedStatement insert = db.prepareStatement("insert into line values (?, ?)")) {
                for (int no = 1; no <= 4; no++) {
                    insert.setLong(1, 1);
                    insert.setInt(2, no);
                    insert.executeUpdate();
                }
            }

            PostgresStatements phase = PostgresStatements.read(db);

            PostgresStatements.Row lineInsert = only(phase, "insert into line");
            assertThat(lineInsert.topLevel()).isTrue();
            assertThat(lineInsert.calls()).isEqualTo(4);
            assertThat(lineInsert.rows()).isEqualTo(4);
            PostgresStatements.Row keyCheck = only(phase, "FOR KEY SHARE");
            assertThat(keyCheck.topLevel()).isFalse();
            assertThat(keyCheck.calls()).isEqualTo(4);
            assertThat(phase.rows()).noneMatch(r -> r.query().contains("insert into head"));

            // Two lines of input: the four inserts are two a line; the checks are not counted again.
            double topLevelCalls = phase.rows().stream().filter(PostgresStatements.Row::topLevel)
                    .mapToLong(PostgresStatements.Row::calls).sum();
            assertThat(PostgresStatements.results(phase, 2))
                    .containsEntry("postgresStatementsPerLine", Math.round(topLevelCalls / 2 * 10) / 10.0);
            assertThat((double) PostgresStatements.results(phase, 2).get("postgresExecMicrosPerLine")).isPositive();

            Path csv = dir.resolve("postgres-statements.csv");
            phase.writeCsv(csv, 2);
            List<String> written = Files.readAllLines(csv);
            assertThat(written.get(0)).isEqualTo(
                    "exec_micros_per_line,calls_per_line,rows_per_line,mean_micros,top_level,query");
            assertThat(written).anyMatch(l -> l.contains(",2.000,2.000,") && l.endsWith(",true,\"insert into line "
                    + "values ($1, $2)\""));
        }
        assertThat(PostgresStatements.results(null, 2)).containsEntry("postgresStatementsPerLine", -1.0)
                .containsEntry("postgresExecMicrosPerLine", -1.0);
    }

    private static PostgresStatements.Row only(PostgresStatements phase, String text) {
        List<PostgresStatements.Row> matching = phase.rows().stream().filter(r -> r.query().contains(text)).toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }
}
