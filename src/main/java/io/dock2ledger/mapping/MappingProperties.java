package io.dock2ledger.mapping;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code dock2ledger.mapping.*}: how a large file's documents are mapped (issue 10).
 *
 * @param threads   threads that map and prepare a file's documents ahead of the thread that stores and queues them;
 *                  0 maps every document on the file's own thread
 * @param readAhead how many documents of a file may be mapped ahead of the one being stored (bounds the memory)
 */
@ConfigurationProperties(prefix = "dock2ledger.mapping")
public record MappingProperties(
        @DefaultValue("2") int threads,
        @DefaultValue("64") int readAhead) {
}
