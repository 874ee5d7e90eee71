package io.dock2ledger.benchmark;

import java.util.Locale;

/**
 * What a benchmark run will leave on the disk, from the figures measured on long runs (docs/performance.md,
 * "nineteenth pass" and "twentieth pass"), so that a run the disk cannot hold is refused before it starts instead of
 * failing hours later on a full disk. An estimate, not a promise: {@code -Dbenchmark.disk-check=false} runs anyway.
 *
 * @param bytes       what the run needs: the database, the dropped files and a fixed part for the broker and logs
 * @param explanation how that was reckoned, in words
 */
record DiskNeed(long bytes, String explanation) {

    private static final long MIB = 1024L * 1024;
    private static final long GIB = 1024 * MIB;
    /** The H2 file over a million lines: 9,669-10,109 MiB, about 10 KB a line, plus its young chunks (45 s). */
    static final long H2_BYTES_PER_LINE = 10_240;
    static final long H2_FIXED_BYTES = 2 * GIB;
    /** The PostgreSQL data directory over ten million lines (tables, indexes, dead row versions), WAL aside. */
    static final long POSTGRES_BYTES_PER_LINE = 4_300;
    /** max_wal_size (1 GB) and the cluster itself. */
    static final long POSTGRES_FIXED_BYTES = 2 * GIB;
    /** A dropped shipment line: about 104 bytes of CSV, 170 of X12 (two lines of one 945 transaction set). */
    static final long CSV_BYTES_PER_LINE = 110;
    static final long X12_BYTES_PER_LINE = 180;
    /** The broker's journal, the hub's log and archive folders, the run's reports. */
    static final long OTHER_FIXED_BYTES = GIB;

    /** The need of a run of {@code lines} lines in all (warm-up, phase 1 and open loop) on {@code database}. */
    static DiskNeed of(String database, String format, long lines) {
        boolean h2 = database.equals("h2");
        long perLine = h2 ? H2_BYTES_PER_LINE : POSTGRES_BYTES_PER_LINE;
        long fixed = h2 ? H2_FIXED_BYTES : POSTGRES_FIXED_BYTES;
        long fileBytes = format.equals("x12") ? X12_BYTES_PER_LINE : CSV_BYTES_PER_LINE;
        long bytes = fixed + lines * perLine + lines * fileBytes + OTHER_FIXED_BYTES;
        String explanation = String.format(Locale.ROOT,
                "%,d lines x (%,d bytes of %s + %,d of %s file) + %,d MiB fixed", lines, perLine,
                h2 ? "H2 file" : "PostgreSQL data", fileBytes, format, (fixed + OTHER_FIXED_BYTES) / MIB);
        return new DiskNeed(bytes, explanation);
    }

    boolean fits(long usableBytes) {
        return bytes <= usableBytes;
    }

    /** Why the run is refused, and what to do instead. */
    String refusal(String database, long usableBytes, String where) {
        String advice = database.equals("h2")
                ? " On PostgreSQL (-Dbenchmark.database=postgres) a line needs about " + POSTGRES_BYTES_PER_LINE
                        + " bytes instead of " + H2_BYTES_PER_LINE + ": H2's file holds several times its live data"
                        + " while a load lasts (docs/performance.md)."
                : "";
        return String.format(Locale.ROOT,
                "This run needs about %,d MiB of disk (%s) and %s has %,d MiB free.%s Free some disk, run fewer lines,"
                        + " or pass -Dbenchmark.disk-check=false to run it anyway.",
                bytes / MIB, explanation, where, usableBytes / MIB, advice);
    }
}
