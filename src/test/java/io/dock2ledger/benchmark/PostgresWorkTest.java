package io.dock2ledger.benchmark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresWorkTest {

    @Test
    void aPhasesCpuIsTheDifferenceOfItsReadingsAndUnknownWhereEitherIs() {
        PostgresWork before = new PostgresWork(100, 1_000, 10, 5, 2, 1, 0, 3.0);
        PostgresWork after = new PostgresWork(600, 6_000, 70, 25, 12, 11, 5, 7.5);

        PostgresWork phase = after.since(before);

        assertThat(phase).isEqualTo(new PostgresWork(500, 5_000, 60, 20, 10, 10, 5, 4.5));
        assertThat(PostgresWork.results(phase, 1_000)).containsEntry("postgresCpuMillisPerLine", 4.5)
                .containsEntry("walRecordsPerLine", 0.5);
        assertThat(after.since(new PostgresWork(0, 0, 0, 0, 0, 0, 0, -1)).cpuSeconds()).isEqualTo(-1);
        assertThat(PostgresWork.results(null, 1_000)).containsEntry("postgresCpuMillisPerLine", -1.0);
    }
}
