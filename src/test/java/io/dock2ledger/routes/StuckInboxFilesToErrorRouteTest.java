package io.dock2ledger.routes;

import java.time.Duration;
import java.time.Clock;
import org.springframework.jdbc.core.JdbcTemplate;
import io.dock2ledger.persistence.Databases;
import io.dock2ledger.operations.SingletonJobs;
import io.dock2ledger.config.HubInstance;
import io.dock2ledger.intake.StuckInboxFiles;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.model.Model;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.annotation.DirtiesContext;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * routes/stuck-inbox-files-to-error.camel.yaml: the check runs on its own timer (first after 10 s, then every
 * dock2ledger.intake.stuck-check-period) and hands the work to the stuckInboxFiles bean, once per tick; a failing
 * check (an unreadable folder) fails that tick only.
 */
@CamelSpringBootTest
@SpringBootTest(classes = StuckInboxFilesToErrorRouteTest.Beans.class, properties = {
        "camel.main.routes-include-pattern=" + RouteTests.ROUTES + "stuck-inbox-files-to-error.camel.yaml",
        "camel.main.routes-reload-enabled=false",
        "dock2ledger.intake.stuck-check-period=1234"
})
@UseAdviceWith
@DirtiesContext
class StuckInboxFilesToErrorRouteTest {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(CamelAutoConfiguration.class)
    static class Beans {
        /** The job's lease in a database of its own: this single instance always holds it. */
        @Bean
        SingletonJobs singletonJobs() {
            return new SingletonJobs(new JdbcTemplate(Databases.freshH2()), new HubInstance("test/1/route"),
                    Clock.systemUTC(), Duration.ofMinutes(3));
        }

        @Bean
        StuckInboxFiles stuckInboxFiles() {
            return mock(StuckInboxFiles.class);
        }
    }

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate template;
    @Autowired
    StuckInboxFiles stuckFiles;

    /** The timer as the route file configures it, read before the advice replaces it (one context per class). */
    static String timerUri;

    @BeforeEach
    void adviseOnceAndReset() throws Exception {
        if (!camel.isStarted()) {
            timerUri = camel.resolvePropertyPlaceholders(
                    camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinition("stuck-inbox-files-to-error").getInput().getEndpointUri());
            AdviceWith.adviceWith(camel, "stuck-inbox-files-to-error",
                    route -> route.replaceFromWith("direct:stuck-check"));
            camel.start();
        }
        reset(stuckFiles);
    }

    @Test
    void theCheckRunsOnItsConfiguredPeriodAfterTenSeconds() {
        assertThat(timerUri).startsWith("timer:stuck-inbox-files").contains("period=1234").contains("delay=10000");
    }

    @Test
    void eachTickQuarantinesOnce() throws Exception {
        when(stuckFiles.quarantine()).thenReturn(List.of(Path.of("data/partners/nobody/inbox/x.csv")));

        Exchange tick = template.send("direct:stuck-check", e -> { });

        assertThat(tick.getException()).isNull();
        verify(stuckFiles, times(1)).quarantine();
    }

    @Test
    void aFailingCheckFailsItsTickOnly() throws Exception {
        when(stuckFiles.quarantine()).thenThrow(new IOException("inbox unreadable")).thenReturn(List.of());

        Exchange failed = template.send("direct:stuck-check", e -> { });
        Exchange next = template.send("direct:stuck-check", e -> { });

        assertThat(RouteTests.rootCause(failed.getException())).isInstanceOf(IOException.class);
        assertThat(next.getException()).isNull();
        verify(stuckFiles, times(2)).quarantine();
        assertThat(camel.getRouteController().getRouteStatus("stuck-inbox-files-to-error").isStarted()).isTrue();
    }
}
