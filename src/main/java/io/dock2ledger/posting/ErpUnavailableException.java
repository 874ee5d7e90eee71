package io.dock2ledger.posting;

import java.time.Duration;

/**
 * The ERP cannot take the document now (down, throttling, circuit open, timed out): the document waits in the
 * delivery outbox and is tried again, never dead-lettered for this.
 */
public class ErpUnavailableException extends RuntimeException {

    private final Duration retryAfter;
    private final boolean outcomeUnknown;

    /**
     * @param retryAfter     how long the ERP asked us to wait (Retry-After, circuit open), or null for the hub's backoff
     * @param outcomeUnknown true when the ERP may have taken the document (a timeout after sending): the next attempt
     *                       looks it up first
     */
    public ErpUnavailableException(String message, Duration retryAfter, boolean outcomeUnknown, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
        this.outcomeUnknown = outcomeUnknown;
    }

    public ErpUnavailableException(String message, Duration retryAfter) {
        this(message, retryAfter, false, null);
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
