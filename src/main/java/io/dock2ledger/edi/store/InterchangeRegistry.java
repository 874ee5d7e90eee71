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
    default boolean claim(InterchangeKey key, String partner, Instant receivedAt) {
        return claim(key, partner, receivedAt, null);
    }

    /**
     * Claims an interchange read from a file whose SHA-256 is {@code fileChecksum}, recorded with the claim. Besides the
     * cases of {@link #claim(InterchangeKey, String, Instant)}, it also succeeds when the interchange is still RECEIVING
     * under the same file checksum: the hub's own earlier read of this very file, which never finished (the hub died
     * half-way). Its first chunks may already have been queued and posted; refusing the file as a duplicate of itself
     * would lose the rest (docs/edi.md, "Duplicate interchanges").
     *
     * @param fileChecksum the SHA-256 (hex) of the whole file, or null when unknown (no take-over then)
     */
    boolean claim(InterchangeKey key, String partner, Instant receivedAt, String fileChecksum);

    /** Records how processing ended: ACCEPTED, ACCEPTED_WITH_ERRORS, PARTIALLY_ACCEPTED, REJECTED or FAILED. */
    void complete(InterchangeKey key, String status, String fileChecksum);
}
