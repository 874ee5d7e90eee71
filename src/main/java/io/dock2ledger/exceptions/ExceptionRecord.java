package io.dock2ledger.exceptions;

import java.time.Instant;

/**
 * One exception in the workbench.
 *
 * @param payloadRef where the offending input is kept: an archived or quarantined file, or {@code event:<id>}
 */
public record ExceptionRecord(long id, ExceptionCategory category, String owner, String status, String partner,
                              String sourceDocument, String eventId, String reason, String payloadRef,
                              Instant createdAt) {
}
