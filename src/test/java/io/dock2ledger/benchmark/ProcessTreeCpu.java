package io.dock2ledger.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The CPU a process and its children have used, from Linux's {@code /proc}: the process's own user and system time,
 * what its children that have ended and been waited for used ({@code cutime}, {@code cstime}), and what its living
 * children have used so far, each with their own ended children. A child that ends between two readings moves from the
 * living to its parent's ended children, so the difference of two readings counts it once. For the embedded
 * PostgreSQL, whose postmaster starts a process per connection and its background workers.
 */
final class ProcessTreeCpu {

    /** Clock ticks a second of {@code /proc/<pid>/stat}'s times: USER_HZ, 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessTreeCpu() {
    }

    /** The PID in the first line of a postmaster.pid (or any pid file), or -1 when there is none to read. */
    static long pidFrom(Path pidFile) {
        try {
            return Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU seconds of {@code pid} and its descendants so far, or -1 when it cannot be read (not Linux, gone). */
    static double seconds(long pid) {
        long[] own = times(pid);
        if (own == null) {
            return -1;
        }
        long ticks = own[1] + own[2] + own[3] + own[4];
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .toList()) {
                long[] child = times(Long.parseLong(process.getFileName().toString()));
                if (child != null && child[0] == pid) {
                    ticks += child[1] + child[2] + child[3] + child[4];
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** {parent pid, utime, stime, cutime, cstime} of a process, or null when it is gone. */
    static long[] times(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            return null;
        }
        // The command name (field 2) is in parentheses and may hold spaces: fields are counted after its last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is field 3 (state): ppid is field 4, utime..cstime fields 14-17.
        return new long[]{Long.parseLong(fields[1]), Long.parseLong(fields[11]), Long.parseLong(fields[12]),
                Long.parseLong(fields[13]), Long.parseLong(fields[14])};
    }
}
