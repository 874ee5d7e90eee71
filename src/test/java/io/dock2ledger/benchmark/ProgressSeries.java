package io.dock2ledger.benchmark;

import io.dock2ledger.faultinjection.HubHttp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hub's progress through a benchmark run, one row per scrape of its Prometheus page that the benchmark makes
 * anyway (every 5 s): events received, documents posted, the hub's CPU, heap, H2 file and the live share of its chunks.
 * Appended to
 * target/benchmark/progress.csv as the run goes (tail it during a long run; a run that dies keeps what it had), and
 * read back for the CPU a line costs in the first and last tenth of phase 1: a slower last tenth with the same CPU a
 * line waits on something (disk, locks); with more CPU a line it works harder for each line.
 */
final class ProgressSeries {

    static final String HEADER = "elapsedSeconds,phase,eventsReceived,documentsPosted,hubCpuSeconds,heapUsedMiB,"
            + "databaseFileMiB,databaseChunksFillPercent,compactionRewritingPasses,compactionSeconds";

    /**
     * One scrape; databaseFileBytes and databaseChunksFillPercent (the live share of the file's chunks at the last
     * compaction pass: file x fill is about the live data, what a SHUTDOWN COMPACT would leave) -1 when the hub has no
     * H2 file (PostgreSQL). compactionRewritingPasses and compactionSeconds: the H2 compaction passes so far that
     * rewrote live pages, and the time all passes took (timer dock2ledger.database.compaction); 0 on PostgreSQL.
     */
    record Sample(long atMillis, String phase, double eventsReceived, double documentsPosted, double cpuSeconds,
                  long heapUsedBytes, long databaseFileBytes, long databaseChunksFillPercent,
                  long compactionRewritingPasses, double compactionSeconds) {

        /** The figures of one Prometheus page; null for no page (the scrape failed). */
        static Sample of(long atMillis, String phase, String page) {
            if (page == null) {
                return null;
            }
            return new Sample(atMillis, phase,
                    HubHttp.sum(page, "dock2ledger_events_received_total", ""),
                    HubHttp.sum(page, "dock2ledger_documents_posted_total", ""),
                    HubHttp.sum(page, "process_cpu_time_ns_total", "") / 1e9,
                    (long) HubHttp.sum(page, "jvm_memory_used_bytes", "area=\"heap\""),
                    page.contains("\ndock2ledger_database_file_size_bytes")
                            ? (long) HubHttp.sum(page, "dock2ledger_database_file_size_bytes", "") : -1,
                    page.contains("\ndock2ledger_database_chunks_fill_percent")
                            ? (long) HubHttp.sum(page, "dock2ledger_database_chunks_fill_percent", "") : -1,
                    (long) HubHttp.sum(page, "dock2ledger_database_compaction_seconds_count", "rewritten=\"true\""),
                    HubHttp.sum(page, "dock2ledger_database_compaction_seconds_sum", ""));
        }
    }

    private final List<Sample> samples = new ArrayList<>();
    private final long startMillis;
    private final Path file;

    /** A series from startMillis (the hub healthy), written to file as it grows; file null keeps it in memory only. */
    ProgressSeries(long startMillis, Path file) {
        this.startMillis = startMillis;
        this.file = file;
        if (file != null) {
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, HEADER + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    synchronized void add(Sample sample) {
        samples.add(sample);
        if (file != null) {
            try {
                Files.writeString(file, row(sample) + "\n", StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The last scrape; null before the first. */
    synchronized Sample last() {
        return samples.isEmpty() ? null : samples.get(samples.size() - 1);
    }

    String row(Sample s) {
        return String.format(Locale.ROOT, "%.1f,%s,%.0f,%.0f,%.3f,%d,%d,%d,%d,%.3f", (s.atMillis() - startMillis) / 1000.0,
                s.phase(), s.eventsReceived(), s.documentsPosted(), s.cpuSeconds(), s.heapUsedBytes() >> 20,
                s.databaseFileBytes() < 0 ? -1 : s.databaseFileBytes() >> 20, s.databaseChunksFillPercent(),
                s.compactionRewritingPasses(), s.compactionSeconds());
    }

    /**
     * The hub's CPU in ms a line over the first tenth of a phase's documents: from the last scrape before the phase
     * (its base) to the first scrape at which a tenth of {@code documents} more were posted. -1 when the series does not
     * span it (a phase shorter than two scrapes).
     */
    synchronized double firstTenthCpuMillisPerLine(String phase, long documents, double linesPerDocument) {
        int base = baseOf(phase);
        if (base < 0) {
            return -1;
        }
        int to = firstReaching(base, samples.get(base).documentsPosted() + documents / 10.0);
        return cpuMillisPerLine(base, to, linesPerDocument);
    }

    /**
     * The hub's CPU in ms a line over the last tenth of a phase's documents: from the last scrape at which no more than
     * nine tenths were posted to the first at which all were. -1 when the series does not span it.
     */
    synchronized double lastTenthCpuMillisPerLine(String phase, long documents, double linesPerDocument) {
        int base = baseOf(phase);
        if (base < 0) {
            return -1;
        }
        double start = samples.get(base).documentsPosted();
        int to = firstReaching(base, start + documents);
        if (to < 0) {
            return -1;
        }
        int from = base;
        for (int i = base; i < to; i++) {
            if (samples.get(i).documentsPosted() <= start + documents * 0.9) {
                from = i;
            }
        }
        return cpuMillisPerLine(from, to, linesPerDocument);
    }

    /** The scrape just before the phase's first one (the phase's first if it starts the series); -1 if none. */
    private int baseOf(String phase) {
        for (int i = 0; i < samples.size(); i++) {
            if (samples.get(i).phase().equals(phase)) {
                return Math.max(0, i - 1);
            }
        }
        return -1;
    }

    private int firstReaching(int from, double documentsPosted) {
        for (int i = from + 1; i < samples.size(); i++) {
            if (samples.get(i).documentsPosted() >= documentsPosted) {
                return i;
            }
        }
        return -1;
    }

    private double cpuMillisPerLine(int from, int to, double linesPerDocument) {
        if (to <= from) {
            return -1;
        }
        Sample a = samples.get(from);
        Sample b = samples.get(to);
        double lines = (b.documentsPosted() - a.documentsPosted()) * linesPerDocument;
        return lines <= 0 ? -1 : (b.cpuSeconds() - a.cpuSeconds()) * 1000 / lines;
    }
}
