package io.dock2ledger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the embedded H2 database file from growing without bound under load (route h2-store-compaction).
 * <p>
 * Why the hub does this itself: H2 writes a new chunk of its file on every commit and frees a chunk only when none of
 * its pages is live any more. Rows keyed by random UUIDs (event ids, ledger keys) leave a few live pages in every chunk,
 * so chunks are never freed unless their live pages are rewritten elsewhere. H2's own housekeeping does that rewriting,
 * but it runs on its background writer thread, and with {@code WRITE_DELAY=0} (every commit durable before the hub
 * commits the JMS side) H2 runs no background thread at all. Measured before this existed: ~32 KB of file per shipment
 * line under the benchmark, 13 GB at 400,000 lines, given back only at a restart (docs/performance.md, "H2's file").
 * <p>
 * Each pass rewrites at most {@code write-limit} bytes of live pages from the emptiest chunks, the same call H2's
 * housekeeping makes ({@link MVStore#compact(int, int)}); the emptied chunks are dropped at a later commit, once H2's
 * retention time has passed, and their space is reused. On PostgreSQL (or any other database) a pass does nothing.
 * <p>
 * Each pass is timed ({@code dock2ledger.database.compaction}), tagged by whether it rewrote anything: H2 rewrites only
 * chunks older than its retention time (45 s), and skips a pass whose store lock it cannot take within 10 ms, so the
 * share of passes that rewrote tells whether the compaction had work it could do, and the time what it cost.
 */
public class H2StoreCompaction {

    private static final Logger log = LoggerFactory.getLogger(H2StoreCompaction.class);

    private final EmbeddedH2 h2;
    private final DatabaseProperties.H2Compaction settings;
    private final AtomicLong fileBytes = new AtomicLong(-1);
    private final AtomicLong chunksFillPercent = new AtomicLong(-1);
    private final AtomicLong writtenBytes = new AtomicLong(-1);
    private final Timer rewriting;
    private final Timer idle;

    public H2StoreCompaction(DataSource dataSource, DatabaseProperties.H2Compaction settings, MeterRegistry meters) {
        this.h2 = new EmbeddedH2(dataSource, log);
        this.settings = settings;
        this.rewriting = passTimer(meters, true);
        this.idle = passTimer(meters, false);
    }

    private static Timer passTimer(MeterRegistry meters, boolean rewritten) {
        return Timer.builder("dock2ledger.database.compaction")
                .description("Compaction passes of the embedded H2 file (route h2-store-compaction), by whether they"
                        + " rewrote live pages")
                .tag("rewritten", Boolean.toString(rewritten)).register(meters);
    }

    /** One pass: @return true when live pages were rewritten (chunks will be freed) */
    public boolean compact() {
        return settings.enabled() && h2.run("H2 compaction pass", store -> {
            Timer.Sample pass = Timer.start();
            boolean rewritten = store.compact(settings.targetFillRate(), (int) settings.writeLimit().toBytes());
            pass.stop(rewritten ? rewriting : idle);
            fileBytes.set(store.getFileStore().size());
            chunksFillPercent.set(store.getFileStore().getChunksFillRate());
            // What H2 wrote to the file since it opened it (its commits' chunks and these passes' rewrites), read where
            // H2 publishes it (information_schema.settings; the getter is private): bytes a line are a figure of the
            // schema's write cost that, unlike CPU, does not move with the machine's load.
            store.getFileStore().populateInfo((name, value) -> {
                if (name.equals("info.FILE_WRITE_BYTES")) {
                    writtenBytes.set(Long.parseLong(value));
                }
            });
            return rewritten;
        });
    }

    /** The database file's size in bytes at the last pass; -1 when unknown or not an embedded H2 file. */
    public long fileBytes() {
        return fileBytes.get();
    }

    /** Bytes H2 has written to the file since it opened it, at the last pass; -1 when unknown or not H2. */
    public long writtenBytes() {
        return writtenBytes.get();
    }

    /** The live share of the file's chunks at the last pass, in percent; -1 when unknown. */
    public long chunksFillPercent() {
        return chunksFillPercent.get();
    }
}
