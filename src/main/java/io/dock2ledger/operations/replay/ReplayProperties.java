package io.dock2ledger.operations.replay;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of replay ({@code dock2ledger.replay.*}).
 *
 * @param maxEvents the most events one request may re-drive; a larger selection is refused, to be narrowed
 */
@ConfigurationProperties(prefix = "dock2ledger.replay")
public record ReplayProperties(Integer maxEvents) {

    public ReplayProperties {
        maxEvents = maxEvents == null ? 10_000 : maxEvents;
    }
}
