package io.dock2ledger.operations.replay;

/** What a replay did, or (dry run) what it would do, with one event. */
public enum ReplayVerdict {
    /** Sent to the posting queue through the normal path. */
    QUEUED,
    /** Dry run: the rules would post it now. */
    WOULD_POST,
    /** Its document is posted already with the same content: the ledger makes the replay a DUPLICATE. */
    DUPLICATE,
    /** Its document is posted with other content: the replay would be a POSSIBLE_CORRECTION exception, not a posting. */
    CORRECTION,
    /** Dry run: the rules would post nothing for it (a status-only adjustment, a settled held return). */
    NOTHING_TO_POST,
    /** Dry run: it would still wait (for its shipment, receipt or other leg). */
    STILL_WAITING,
    /** Dry run: the rules would still reject it; the detail says why and which category. */
    STILL_FAILING
}
