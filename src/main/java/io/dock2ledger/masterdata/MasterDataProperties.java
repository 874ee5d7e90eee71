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
 * @param erpSync     master data synchronised from the ERP (profile tryton): then the seed files are loaded at start
 *                    only, never reloaded over what the sync wrote
 */
@ConfigurationProperties(prefix = "dock2ledger.masterdata")
public record MasterDataProperties(
        @DefaultValue("true") boolean loadOnStart,
        @DefaultValue("10m") Duration cacheTtl,
        @DefaultValue("100000") long cacheSize,
        @DefaultValue ErpSync erpSync) {

    /** {@code dock2ledger.masterdata.erp-sync.*}; its timings are read by the route masterdata-sync-from-erp. */
    public record ErpSync(@DefaultValue("false") boolean enabled) {
    }

    /** The seed files are the source of master data while the hub runs: loaded at start and no ERP sync. */
    public boolean seedIsTheSource() {
        return loadOnStart && !erpSync.enabled();
    }
}
