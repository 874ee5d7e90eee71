package io.dock2ledger.masterdata;

import io.dock2ledger.config.HubProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;

@Configuration(proxyBeanMethods = false)
public class MasterDataConfiguration {

    /** Loads the seed files at start when {@code dock2ledger.masterdata.load-on-start} is true (the default). */
    @Bean
    MasterDataLoader masterDataLoader(JdbcTemplate jdbc, TransactionTemplate tx, HubProperties hub,
                                      @Value("${dock2ledger.masterdata.load-on-start:true}") boolean loadOnStart) {
        MasterDataLoader loader = new MasterDataLoader(jdbc, tx);
        if (loadOnStart) {
            loader.load(new MasterDataSeed(hub.configDir().resolve("masterdata")));
        }
        return loader;
    }

    @Bean
    JdbcMasterData masterData(JdbcTemplate jdbc, MasterDataLoader loadedFirst,
                              @Value("${dock2ledger.masterdata.cache-ttl:10m}") Duration ttl,
                              @Value("${dock2ledger.masterdata.cache-size:100000}") long size) {
        return new JdbcMasterData(jdbc, ttl, size);
    }
}
