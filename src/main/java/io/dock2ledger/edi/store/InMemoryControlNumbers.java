package io.dock2ledger.edi.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Control numbers held in memory: for tests and single-instance runs that may restart the sequences. */
public final class InMemoryControlNumbers implements ControlNumbers {

    private final Map<String, Long> last = new ConcurrentHashMap<>();

    @Override
    public long next(String partner, String kind) {
        return last.merge(partner + "\u0000" + kind, 1L, (old, one) -> old >= MAX ? 1L : old + 1);
    }
}
