package io.dock2ledger.operations.replay;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * Which stored canonical events to re-drive; the criteria given are combined (and), at least one is needed.
 *
 * @param eventIds       these events
 * @param partner        events of this partner
 * @param sourceDocument events of this business document (shipment, receipt, RMA, transfer, charge id)
 * @param from           received at or after (ISO instant)
 * @param to             received before (ISO instant)
 * @param dryRun         true: say what would happen, send nothing
 */
public record ReplayRequest(
        @Schema(description = "event ids") List<String> eventIds,
        @Schema(description = "partner id") String partner,
        @Schema(description = "business document id") String sourceDocument,
        @Schema(description = "received at or after, ISO instant") Instant from,
        @Schema(description = "received before, ISO instant") Instant to,
        @Schema(description = "true: show what would happen without sending anything") boolean dryRun) {

    public ReplayRequest {
        eventIds = eventIds == null ? List.of() : List.copyOf(eventIds);
    }

    public boolean selectsSomething() {
        return !eventIds.isEmpty() || partner != null || sourceDocument != null || from != null || to != null;
    }
}
