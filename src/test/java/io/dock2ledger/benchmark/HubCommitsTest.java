package io.dock2ledger.benchmark;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HubCommitsTest {

    @Test
    void readsTheHubsOwnConfigurationAndTheBenchmarksHubArgumentsOverIt() {
        HubCommits defaults = HubCommits.of(List.of());
        assertThat(defaults.consumers()).isPositive();
        assertThat(defaults.batchSize()).isPositive();

        HubCommits overridden = HubCommits.of(List.of("--dock2ledger.posting.consumers=7",
                "--dock2ledger.posting.batch-linger=0", "--server.port=1234", "not-an-option"));

        assertThat(overridden).isEqualTo(new HubCommits(defaults.intakeCommitEvery(), 7, defaults.batchSize(),
                Duration.ZERO));
    }
}
