package io.dock2ledger.routes;

import com.zaxxer.hikari.HikariDataSource;
import io.dock2ledger.DatabaseProperties;
import io.dock2ledger.H2StoreCompaction;
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
import org.springframework.util.unit.DataSize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * routes/h2-store-compaction.camel.yaml with the real H2StoreCompaction bean and a real H2 file database behind a
 * Hikari pool, as in the embedded hub: a pass runs every dock2ledger.database.h2-compaction.period, and its gauges then
 * tell the file's size.
 */
@CamelSpringBootTest
@SpringBootTest(classes = H2StoreCompactionRouteTest.Beans.class, properties = {
        "camel.main.routes-include-pattern=" + RouteTests.ROUTES + "h2-store-compaction.camel.yaml",
        "camel.main.routes-reload-enabled=false",
        "dock2ledger.database.h2-compaction.period=50"
})
class H2StoreCompactionRouteTest {

    static final Path DB = RouteTestFolders.create("d2l-compaction-route").resolve("db");

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(CamelAutoConfiguration.class)
    static class Beans {
        @Bean(destroyMethod = "close")
        HikariDataSource dataSource() {
            return RouteTests.h2FilePool(DB);
        }

        @Bean
        H2StoreCompaction h2StoreCompaction(HikariDataSource dataSource) {
            return new H2StoreCompaction(dataSource, new DatabaseProperties.H2Compaction(true, DataSize.ofMegabytes(2), 90),
                    new SimpleMeterRegistry());
        }
    }

    @Autowired
    CamelContext camel;
    @Autowired
    H2StoreCompaction compaction;

    @Test
    void aPassRunsEveryPeriodAndTellsTheFileSize() {
        NotifyBuilder fortyPasses = new NotifyBuilder(camel).fromRoute("h2-store-compaction").whenCompleted(40).create();
        // at the default period (200 ms) forty passes would take 7.8 s and more
        assertThat(fortyPasses.matches(6, TimeUnit.SECONDS)).as("forty passes within 6 s").isTrue();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(compaction.fileBytes()).isPositive().isEqualTo(Files.size(Path.of(DB + ".mv.db"))));
    }
}
