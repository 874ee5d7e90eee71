package io.dock2ledger;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The database settings the hub itself acts on (the connection is Spring Boot's {@code spring.datasource}).
 *
 * @param h2Compaction how the embedded H2 file is kept from growing under load ({@link H2StoreCompaction})
 */
@ConfigurationProperties(prefix = "dock2ledger.database")
public record DatabaseProperties(@DefaultValue H2Compaction h2Compaction) {

    /**
     * @param enabled        off only to measure what the file does without it
     * @param writeLimit     at most this much live data is rewritten per pass (route h2-store-compaction, five times
     *                       a second by default): what one pass may hold the store's lock for, and the CPU the
     *                       passes take (1MB: docs/performance.md, "fifteenth pass")
     * @param targetFillRate passes run while the live share of the file's chunks is below this percentage
     */
    public record H2Compaction(@DefaultValue("true") boolean enabled, @DefaultValue("1MB") DataSize writeLimit,
                               @DefaultValue("90") int targetFillRate) {
    }
}
