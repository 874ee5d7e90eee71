package io.dock2ledger.operations.reconciliation;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.time.ZoneId;

/**
 * Settings of the daily reconciliation ({@code dock2ledger.reconciliation.*}).
 *
 * @param cron  when the daily run starts (Spring cron: second minute hour day month weekday), in {@code zone}
 * @param zone  the zone whose "yesterday" is reconciled
 * @param lease how long a claimed run may stay RUNNING before another instance may take it over
 */
@ConfigurationProperties(prefix = "dock2ledger.reconciliation")
public record ReconciliationProperties(String cron, ZoneId zone, Duration lease) {

    public ReconciliationProperties {
        cron = cron == null || cron.isBlank() ? "0 30 2 * * *" : cron;
        zone = zone == null ? ZoneId.of("UTC") : zone;
        lease = lease == null ? Duration.ofHours(1) : lease;
    }
}
