package io.dock2ledger.mapping;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code dock2ledger.mapping.*}: how a large file's documents are mapped (issue 10).
 *
 * @param threads   threads that map and prepare a file's documents ahead of the thread that stores and queues them;
 *                  0 maps every document on the file's own thread; -1 (the default): the machine's cores minus two,
 *                  which the inbox threads and the posting consumers need (so none on 2 cores, where mapping ahead
 *                  cost more CPU than it saved: docs/performance.md)
 * @param readAhead how many documents of a file may be mapped ahead of the one being stored (bounds the memory)
 */
@ConfigurationProperties(prefix = "dock2ledger.mapping")
public record MappingProperties(
        @DefaultValue("-1") int threads,
        @DefaultValue("64") int readAhead) {

    /** The number of threads to map ahead on, with -1 resolved for this machine. */
    public int threadsOnThisMachine() {
        return threads >= 0 ? threads : Math.max(0, Runtime.getRuntime().availableProcessors() - 2);
    }
}
