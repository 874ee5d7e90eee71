package io.dock2ledger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;

/**
 * Forces the embedded H2 file's written pages to the disk once a period (route h2-store-sync), as the broker's journal
 * is on every commit.
 * <p>
 * Why: with {@code WRITE_DELAY=0} every H2 commit is written to the file before the hub commits the JMS side, so a
 * killed process loses nothing, but H2 never calls {@code fsync}: the pages sat in the operating system's page cache
 * until its writeback took them, after 30 s by Linux's default. Under load that was 500-600 MB at a time, written in
 * one burst, and while the disk took it the broker's journal syncs waited: intake and posting stood still for up to a
 * second (the H2 open-loop p99 stalls in docs/performance.md, "tenth pass"). Synced every second the same pages go out in
 * pieces of ~40 MB, and a power loss or operating-system crash loses at most that second of H2 commits instead of
 * half a minute. PostgreSQL syncs its own commits; there a sync does nothing.
 */
public class H2StoreSync {

    private static final Logger log = LoggerFactory.getLogger(H2StoreSync.class);

    private final EmbeddedH2 h2;
    private final Timer syncs;

    public H2StoreSync(DataSource dataSource, MeterRegistry meters) {
        this.h2 = new EmbeddedH2(dataSource, log);
        this.syncs = Timer.builder("dock2ledger.database.file.sync")
                .description("Forcing the embedded H2 file's pages to the disk (route h2-store-sync): the disk's flush time")
                .register(meters);
    }

    /** One sync: @return true when an embedded H2 file was synced */
    public boolean sync() {
        return h2.run("H2 file sync", store -> {
            Timer.Sample sample = Timer.start();
            store.sync();
            sample.stop(syncs); // a sync that failed is not timed
            return true;
        });
    }
}
