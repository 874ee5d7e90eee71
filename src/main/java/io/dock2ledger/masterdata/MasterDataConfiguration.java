package io.dock2ledger.masterdata;

import io.dock2ledger.config.HubProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MasterDataProperties.class)
public class MasterDataConfiguration {

    /** Loads the seed files at start when {@code dock2ledger.masterdata.load-on-start} is true (the default). */
    @Bean
    MasterDataLoader masterDataLoader(JdbcTemplate jdbc, TransactionTemplate tx, HubProperties hub,
                                      MasterDataProperties properties) {
        MasterDataLoader loader = new MasterDataLoader(jdbc, tx);
        if (properties.loadOnStart()) {
            loader.load(new MasterDataSeed(hub.configDir().resolve("masterdata")));
        }
        return loader;
    }

    @Bean
    JdbcMasterData masterData(JdbcTemplate jdbc, MasterDataLoader loadedFirst, MasterDataProperties properties) {
        return new JdbcMasterData(jdbc, properties.cacheTtl(), properties.cacheSize());
    }

    /** Called by the file-watch route master-data-reload when a seed file changes. */
    @Bean
    MasterDataReload masterDataReload(MasterDataLoader loader, JdbcMasterData masterData, HubProperties hub,
                                      MasterDataProperties properties) {
        return new MasterDataReload(loader, masterData, hub.configDir().resolve("masterdata"), properties.seedIsTheSource());
    }
}
