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
 * @param deadLetterQueue  the broker's dead-letter queue, where it moves a message after its max-delivery-attempts
 *                         ({@code DLQ}, as Spring Boot's embedded broker and {@code artemis create} set it)
 * @param deadLetterCheckPeriod how often that queue is checked for messages to record as exceptions, in
 *                         milliseconds (read by the route broker-dead-letters-to-exceptions)
 */
@ConfigurationProperties(prefix = "dock2ledger.operations")
public record OperationsProperties(URI agingWebhookUrl, @DefaultValue("300000") long agingCheckPeriod,
                                   @DefaultValue("DLQ") String deadLetterQueue,
                                   @DefaultValue("60000") long deadLetterCheckPeriod) {
}
