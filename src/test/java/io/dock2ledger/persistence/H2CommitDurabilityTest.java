package io.dock2ledger.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A commit the embedded H2 database has confirmed survives a {@code kill -9} of the hub. The posting consumer
 * acknowledges its JMS message as soon as the database commit returns; H2's default write delay (500 ms) kept those
 * commits in memory, so a killed hub lost postings whose messages were already gone (issue 8).
 * <p>
 * A child JVM opens the database with the hub's own URL (from application.yaml), commits one row at a time and reports
 * each commit; it is killed with SIGKILL mid-stream; every reported row must be there after the restart.
 */
class H2CommitDurabilityTest {

    @TempDir
    Path dataDir;

    @Test
    void everyConfirmedCommitSurvivesKillMinus9() throws Exception {
        String url = hubH2Url().replace("${dock2ledger.data-dir}", dataDir.toString());
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), H2CommitWriter.class.getName(), url)
                .redirectErrorStream(true).start();
        long reported = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("committed ")) {
                    reported = Long.parseLong(line.substring("committed ".length()));
                    if (reported >= 3_000) {
                        break;
                    }
                }
            }
        } finally {
            writer.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no H2 close
            writer.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(writer.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        assertThat(reported).as("commits the writer confirmed before it was killed").isGreaterThanOrEqualTo(3_000);

        try (Connection db = DriverManager.getConnection(url, "sa", "");
             ResultSet rows = db.createStatement().executeQuery("select count(*) from commits")) {
            rows.next();
            assertThat(rows.getLong(1)).as("rows after restart, of " + reported + " confirmed").isGreaterThanOrEqualTo(reported);
        }
    }

    private static String hubH2Url() throws Exception {
        JsonNode yaml = new ObjectMapper(new YAMLFactory()).readTree(Path.of("src/main/resources/application.yaml").toFile());
        return yaml.at("/spring/datasource/url").asText();
    }

    /** The child JVM: commits rows one by one, as fast as it can, and says so after each commit. */
    public static final class H2CommitWriter {
        public static void main(String[] args) throws Exception {
            try (Connection db = DriverManager.getConnection(args[0], "sa", "")) {
                db.createStatement().execute("create table commits (n bigint primary key)");
                db.setAutoCommit(false);
                var insert = db.prepareStatement("insert into commits (n) values (?)");
                for (long n = 1; ; n++) {
                    insert.setLong(1, n);
                    insert.executeUpdate();
                    db.commit();
                    System.out.println("committed " + n);
                }
            }
        }
    }
}
