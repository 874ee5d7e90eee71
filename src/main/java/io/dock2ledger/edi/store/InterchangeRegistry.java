package io.dock2ledger.edi.store;

import io.dock2ledger.edi.syntax.InterchangeKey;

import java.time.Instant;

/**
 * Remembers which interchanges were processed, so a resent interchange (same sender, same control number, within the
 * duplicate window) is not processed twice.
 */
public interface InterchangeRegistry {

    /** Status of an interchange whose processing started but has not finished. */
    String RECEIVING = "RECEIVING";
    /** Status of an interchange whose processing failed outside EDI validation (e.g. the consumer threw). */
    String FAILED = "FAILED";

    /**
     * Claims an interchange for processing. Succeeds when it was never seen, when it was last seen before the window,
     * or when its earlier processing FAILED; fails when it was already claimed within the window. Exactly one of two
     * concurrent callers succeeds.
     *
     * @return true when the caller now owns the interchange, false for a duplicate
     */
    boolean claim(InterchangeKey key, String partner, Instant receivedAt);

    /** Records how processing ended: ACCEPTED, ACCEPTED_WITH_ERRORS, PARTIALLY_ACCEPTED, REJECTED or FAILED. */
    void complete(InterchangeKey key, String status, String fileChecksum);
}
