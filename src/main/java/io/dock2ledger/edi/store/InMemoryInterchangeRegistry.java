package io.dock2ledger.edi.store;

import io.dock2ledger.edi.syntax.InterchangeKey;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Duplicate detection held in memory: for tests and runs without a database. */
public final class InMemoryInterchangeRegistry implements InterchangeRegistry {

    private record Entry(Instant receivedAt, String status, String fileChecksum) {
    }

    private final Duration window;
    private final Map<InterchangeKey, Entry> entries = new ConcurrentHashMap<>();

    public InMemoryInterchangeRegistry(Duration window) {
        this.window = window;
    }

    @Override
    public boolean claim(InterchangeKey key, String partner, Instant receivedAt, String fileChecksum) {
        Entry fresh = new Entry(receivedAt, RECEIVING, fileChecksum);
        Instant cutoff = receivedAt.minus(window);
        boolean[] claimed = {false};
        entries.compute(key, (k, old) -> {
            if (old == null || old.receivedAt().isBefore(cutoff) || FAILED.equals(old.status())
                    || ownUnfinishedRead(old, fileChecksum)) {
                claimed[0] = true;
                return fresh;
            }
            return old;
        });
        return claimed[0];
    }

    @Override
    public void complete(InterchangeKey key, String status, String fileChecksum) {
        entries.computeIfPresent(key, (k, old) -> new Entry(old.receivedAt(), status, fileChecksum));
    }

    /** Still RECEIVING under the same file checksum: the hub's own read of this file that never finished. */
    private static boolean ownUnfinishedRead(Entry old, String fileChecksum) {
        return fileChecksum != null && RECEIVING.equals(old.status()) && fileChecksum.equals(old.fileChecksum());
    }
}
