package io.dock2ledger.operations.replay;

/**
 * One event of a replay.
 *
 * @param status the event's status before the replay (canonical_event.status)
 */
public record ReplayOutcome(String eventId, String partner, String eventType, String sourceDocument, String status,
                            ReplayVerdict verdict, String detail) {
}
