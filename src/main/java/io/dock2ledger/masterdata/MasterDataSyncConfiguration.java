package io.dock2ledger.masterdata;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;

/** Master-data sync from the ERP (issue 11 item 5): the audit-keeping sync and its entry point for route and API. */
@Configuration(proxyBeanMethods = false)
public class MasterDataSyncConfiguration {

    @Bean
    MasterDataSync masterDataSync(JdbcTemplate jdbc, TransactionTemplate tx, JdbcMasterData masterData, Clock clock) {
        return new MasterDataSync(jdbc, tx, masterData, clock);
    }

    @Bean
    MasterDataSyncFromErp masterDataSyncFromErp(MasterDataSync sync, ObjectProvider<MasterDataSource> source) {
        return new MasterDataSyncFromErp(sync, source);
    }
}
