package io.dock2ledger.exceptions;

import java.time.Instant;

/**
 * Which exceptions to list; a null field does not filter.
 *
 * @param createdBefore only exceptions raised before this instant (at least this old)
 * @param createdAfter  only exceptions raised after this instant (younger than this)
 */
public record ExceptionFilter(String status, String owner, ExceptionCategory category, String partner,
                              Instant createdBefore, Instant createdAfter) {

    public static ExceptionFilter status(String status) {
        return new ExceptionFilter(status, null, null, null, null, null);
    }
}
