package io.dock2ledger.masterdata;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code dock2ledger.masterdata.*}.
 *
 * @param loadOnStart load the seed files of {@code config/masterdata} at start
 * @param cacheTtl    how long a looked-up master-data record is cached
 * @param cacheSize   the most records cached
 */
@ConfigurationProperties(prefix = "dock2ledger.masterdata")
public record MasterDataProperties(
        @DefaultValue("true") boolean loadOnStart,
        @DefaultValue("10m") Duration cacheTtl,
        @DefaultValue("100000") long cacheSize) {
}
