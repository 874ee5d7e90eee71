package io.dock2ledger.erp.tryton;

import io.dock2ledger.masterdata.MasterData;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * Tryton, when {@code dock2ledger.erp.tryton.url} is set (profile {@code tryton}): one logged-in client, its cached
 * look-ups, the finance adapter (a bean named {@code tryton}), Tryton as master-data source and the sync timer.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TrytonProperties.class)
@ConditionalOnProperty(prefix = "dock2ledger.erp.tryton", name = "url")
public class TrytonConfiguration {

    @Bean
    TrytonSession trytonSession(TrytonProperties properties) {
        TrytonClient client = new TrytonClient(properties.url(), properties.database(),
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), properties.timeout());
        return new TrytonSession(client, properties.user(), properties.password());
    }

    @Bean
    TrytonLookups trytonLookups() {
        return new TrytonLookups();
    }

    /** Tryton as the source of the hub's items, costs, customers, suppliers and tax rates (MasterDataSyncFromErp). */
    @Bean
    TrytonMasterDataSource trytonMasterDataSource(TrytonSession session, TrytonLookups lookups, MasterData masterData,
                                                  TrytonProperties properties) {
        return new TrytonMasterDataSource(session, lookups, masterData, properties.masterDataCompany());
    }

    /**
     * Starts the timer route of the master-data sync (routes/masterdata-sync-from-erp.camel.yaml, autoStartup false)
     * where {@code dock2ledger.masterdata.erp-sync.enabled} is true: the profile tryton. Camel's route schema takes no
     * placeholder for autoStartup, so the switch lives here.
     */
    @Bean
    @ConditionalOnProperty(prefix = "dock2ledger.masterdata.erp-sync", name = "enabled", havingValue = "true")
    CamelContextConfiguration masterDataSyncFromErpTimer() {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
                try {
                    camel.getRouteController().startRoute("masterdata-sync-from-erp");
                } catch (Exception e) {
                    throw new IllegalStateException("Cannot start the route masterdata-sync-from-erp", e);
                }
            }
        };
    }

    /**
     * The finance adapter, the bean named {@code tryton}: the target {@code tryton} of {@code dock2ledger.erp}
     * (erp.FinanceAdapters), for every entity in the profile tryton ({@code default-target: tryton}).
     */
    @Bean("tryton")
    TrytonFinanceAdapter tryton(TrytonSession session, TrytonLookups lookups, MasterData masterData,
                                TrytonProperties properties) {
        return new TrytonFinanceAdapter(session, lookups, masterData, properties);
    }
}
