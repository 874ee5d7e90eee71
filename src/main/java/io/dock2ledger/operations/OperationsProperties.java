package io.dock2ledger.operations;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;

/**
 * {@code dock2ledger.operations.*}.
 *
 * @param agingWebhookUrl  where an aged exception is also POSTed as JSON (a chat or paging hook); none when unset
 * @param agingCheckPeriod how often open exceptions are checked against the aging thresholds, in milliseconds (read
 *                         by the route exception-aging-check)
 */
@ConfigurationProperties(prefix = "dock2ledger.operations")
public record OperationsProperties(URI agingWebhookUrl, @DefaultValue("300000") long agingCheckPeriod) {
}
