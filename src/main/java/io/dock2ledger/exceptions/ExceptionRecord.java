package io.dock2ledger.exceptions;

import java.time.Instant;

/**
 * One exception in the workbench.
 *
 * @param status     OPEN, RESOLVED (its cause went away: the document posted, a late acknowledgment came) or DISCARDED
 *                   (an operator decided nothing is to be done, with a reason)
 * @param payloadRef where the offending input is kept: an archived or quarantined file, or {@code event:<id>}
 * @param resolution how it ended: the discard reason, or the note of the posting that resolved it
 */
public record ExceptionRecord(long id, ExceptionCategory category, String owner, String status, String partner,
                              String sourceDocument, String eventId, String reason, String payloadRef,
                              Instant createdAt, Instant resolvedAt, String resolvedBy, String resolution) {

    /** The raw file the offending document came from, when the payload reference names one directly. */
    public String rawFileId() {
        return payloadRef != null && payloadRef.startsWith(RAW_FILE_PREFIX) ? payloadRef.substring(RAW_FILE_PREFIX.length())
                : null;
    }

    public boolean open() {
        return "OPEN".equals(status);
    }

    public static final String RAW_FILE_PREFIX = "raw_file:";
}
