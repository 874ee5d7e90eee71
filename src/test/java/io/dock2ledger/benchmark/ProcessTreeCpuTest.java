package io.dock2ledger.benchmark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@EnabledOnOs(OS.LINUX)
class ProcessTreeCpuTest {

    @Test
    void countsTheCpuOfAChildThatWorkedAndEnded(@TempDir Path dir) throws Exception {
        long self = ProcessHandle.current().pid();
        double before = ProcessTreeCpu.seconds(self);
        double ownBefore = ownSeconds(self);

        // A child that burns about half a second of CPU, then ends: its time must move into ours, counted once.
        Process child = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done")
                .inheritIO().start();
        long childPid = child.pid();
        child.waitFor();
        double after = ProcessTreeCpu.seconds(self);
        double ownAfter = ownSeconds(self);

        assertThat(before).isPositive();
        assertThat((after - before) - (ownAfter - ownBefore)).as("the child's CPU, ended and waited for")
                .isGreaterThan(0.1);
        assertThat(ProcessTreeCpu.times(childPid)).as("the child is gone").isNull();
    }

    private static double ownSeconds(long pid) {
        long[] times = ProcessTreeCpu.times(pid);
        return (times[1] + times[2]) / 100.0;
    }

    @Test
    void readsThePidOfAPidFileAndSaysWhenThereIsNone(@TempDir Path dir) throws Exception {
        Path pidFile = Files.writeString(dir.resolve("postmaster.pid"), "4242\n/data\n1700000000\n5432\n");

        assertThat(ProcessTreeCpu.pidFrom(pidFile)).isEqualTo(4242);
        assertThat(ProcessTreeCpu.pidFrom(dir.resolve("missing.pid"))).isEqualTo(-1);
        assertThat(ProcessTreeCpu.seconds(Long.MAX_VALUE)).isEqualTo(-1);
    }
}
