package io.dock2ledger.exceptions;

import java.time.Instant;

/**
 * What was done to an exception, by whom and when: RESUBMITTED, DISCARDED, ASSIGNED by an operator, RESOLVED by the
 * hub when the document posted, AGED when it passed an aging threshold.
 */
public record ExceptionAction(long exceptionId, String action, String actor, Instant at, String detail) {
}
