package io.dock2ledger.operations.kpi;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Settings of the KPIs read from the database ({@code dock2ledger.kpi.*}).
 *
 * @param window        the automation rate and the throughput chart look back this far
 * @param refreshPeriod how often the database gauges are refreshed (route {@code kpi-refresh}), in milliseconds
 * @param automationRefresh how often, at most, the automation gauges are published: each publication reads the
 *                      minutes that have not settled (the others are counted at every refresh, {@link AutomationWindow}),
 *                      2-3 minutes of documents; a rate over days changes little in minutes
 */
@ConfigurationProperties(prefix = "dock2ledger.kpi")
public record KpiProperties(Duration window, Long refreshPeriod, Duration automationRefresh) {

    public KpiProperties {
        window = window == null ? Duration.ofDays(7) : window;
        refreshPeriod = refreshPeriod == null ? 30_000L : refreshPeriod;
        automationRefresh = automationRefresh == null ? Duration.ofMinutes(5) : automationRefresh;
    }
}
