package io.dock2ledger.intake.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The inbound webhook endpoint ({@code POST /api/v1/inbound/{partner}}).
 *
 * @param maxBodyBytes larger bodies are refused with 413, read no further than one byte past the limit
 */
@ConfigurationProperties(prefix = "dock2ledger.webhook")
public record WebhookProperties(@DefaultValue("1048576") int maxBodyBytes) {
}
