package io.dock2ledger.routes;

import com.zaxxer.hikari.HikariDataSource;
import io.dock2ledger.H2StoreSync;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * routes/h2-store-sync.camel.yaml with the real H2StoreSync bean and a real H2 file database behind a Hikari pool, as in
 * the embedded hub: the file is synced every dock2ledger.database.h2-sync.period, and each sync is timed.
 */
@CamelSpringBootTest
@SpringBootTest(classes = H2StoreSyncRouteTest.Beans.class, properties = {
        "camel.main.routes-include-pattern=" + RouteTests.ROUTES + "h2-store-sync.camel.yaml",
        "camel.main.routes-reload-enabled=false",
        "dock2ledger.database.h2-sync.period=50"
})
class H2StoreSyncRouteTest {

    static final Path DB = RouteTestFolders.create("d2l-sync-route").resolve("db");

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(CamelAutoConfiguration.class)
    static class Beans {
        @Bean(destroyMethod = "close")
        HikariDataSource dataSource() {
            return RouteTests.h2FilePool(DB);
        }

        @Bean
        MeterRegistry meters() {
            return new SimpleMeterRegistry();
        }

        @Bean
        H2StoreSync h2StoreSync(HikariDataSource dataSource, MeterRegistry meters) {
            return new H2StoreSync(dataSource, meters);
        }
    }

    @Autowired
    CamelContext camel;
    @Autowired
    MeterRegistry meters;

    @Test
    void theFileIsSyncedEveryPeriod() {
        NotifyBuilder twentySyncs = new NotifyBuilder(camel).fromRoute("h2-store-sync").whenCompleted(20).create();
        // at the default period (1 s) twenty syncs would take 19 s and more
        assertThat(twentySyncs.matches(6, TimeUnit.SECONDS)).as("twenty syncs within 6 s").isTrue();
        assertThat(meters.timer("dock2ledger.database.file.sync").count()).isGreaterThanOrEqualTo(20);
    }
}
