package io.dock2ledger.faultinjection;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** The end of every scenario: print the reconciliation table, write the JSON report, then judge. */
final class FaultReport {

    private FaultReport() {
    }

    /** The hub's H2 file database, opened by the test once the hub has stopped (H2 locks the file while in use). */
    static Connection openH2(Path dataDir) throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("db/dock2ledger")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "");
    }

    static void publishAndAssert(Reconciliation r, FaultWorkspace workspace, Quiescence.Result quiet) {
        System.out.println(r.table());
        Path json = r.write(FaultWorkspace.reportRoot());
        System.out.println("  report: " + json + "\n  hub logs: " + workspace.reports);
        assertThat(quiet.quiet())
                .as("hub reached quiescence (nothing left to post) within the timeout; last: %s", quiet.lastObservation())
                .isTrue();
        assertThat(r.clean())
                .as("%s: every shipment posted once or owned by an exception; lost %d, doubled %d, unexplained %d, "
                        + "postings of unknown documents %d; patterns %s; see %s", r.scenario, r.lost(), r.doubled(),
                        r.unexplained(), r.foreignPostings.size(), r.lossPatterns(), json)
                .isTrue();
    }
}
