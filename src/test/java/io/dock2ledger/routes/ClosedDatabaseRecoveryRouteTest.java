package io.dock2ledger.routes;

import com.zaxxer.hikari.HikariDataSource;
import io.dock2ledger.ClosedDatabaseRecovery;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * routes/closed-database-recovery.camel.yaml with the real ClosedDatabaseRecovery bean and a real H2 file database
 * behind a Hikari pool, as in the embedded hub: the route checks the database every dock2ledger.database.check-period,
 * and a database that closed itself answers again through the same pool without anyone calling anything.
 */
@CamelSpringBootTest
@SpringBootTest(classes = ClosedDatabaseRecoveryRouteTest.Beans.class, properties = {
        "camel.main.routes-include-pattern=" + RouteTests.ROUTES + "closed-database-recovery.camel.yaml",
        "camel.main.routes-reload-enabled=false",
        "dock2ledger.database.check-period=100"
})
@DirtiesContext
class ClosedDatabaseRecoveryRouteTest {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(CamelAutoConfiguration.class)
    static class Beans {
        @Bean(destroyMethod = "close")
        HikariDataSource dataSource() {
            return RouteTests.h2FilePool(RouteTestFolders.create("d2l-route-db").resolve("db"));
        }

        @Bean
        ClosedDatabaseRecovery closedDatabaseRecovery(HikariDataSource dataSource) {
            return new ClosedDatabaseRecovery(dataSource);
        }
    }

    @Autowired
    CamelContext camel;
    @Autowired
    HikariDataSource dataSource;

    @Test
    void theCheckRunsEveryCheckPeriod() {
        NotifyBuilder threeChecks = new NotifyBuilder(camel).fromRoute("closed-database-recovery").whenCompleted(3).create();

        // at the default period (5 s) three checks would take 10 s and more
        assertThat(threeChecks.matches(5, TimeUnit.SECONDS)).as("three checks within 5 s").isTrue();
    }

    @Test
    void aDatabaseThatClosedItselfAnswersAgainThroughTheSamePool() throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        camel.getRouteController().stopRoute("closed-database-recovery");
        jdbc.execute("shutdown"); // as H2 does after a failed write (a full disk), under the pool's open connections
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> jdbc.queryForObject("select 1", Integer.class))
                    .as("without the route the pool keeps handing out connections of the closed database").isNotNull();
        }

        camel.getRouteController().startRoute("closed-database-recovery");

        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .untilAsserted(() -> assertThat(jdbc.queryForObject("select 1", Integer.class)).isEqualTo(1));
    }
}
