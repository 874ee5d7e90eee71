package io.dock2ledger.routes;

import java.time.Duration;
import java.time.Clock;
import org.springframework.jdbc.core.JdbcTemplate;
import io.dock2ledger.persistence.Databases;
import io.dock2ledger.operations.SingletonJobs;
import io.dock2ledger.config.HubInstance;
import io.dock2ledger.posting.UnsettledEvents;
import jakarta.jms.ConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
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
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.test.annotation.DirtiesContext;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.when;

/**
 * routes/unsettled-events-to-finance.camel.yaml: each sweep's events go back to the posting queue, one message per
 * event, in the order the sweeper found them; a sweep that finds nothing (or fails) sends nothing.
 */
@CamelSpringBootTest
@SpringBootTest(classes = UnsettledEventsToFinanceRouteTest.Beans.class, properties = {
        "camel.main.routes-include-pattern=" + RouteTests.ROUTES + "unsettled-events-to-finance.camel.yaml",
        "camel.main.routes-reload-enabled=false"
})
@UseAdviceWith
@DirtiesContext
class UnsettledEventsToFinanceRouteTest {

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
        UnsettledEvents unsettledEvents() {
            return mock(UnsettledEvents.class);
        }

        @Bean
        ConnectionFactory connectionFactory() {
            return mock(ConnectionFactory.class);
        }
    }

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate template;
    @Autowired
    UnsettledEvents sweeper;

    MockEndpoint redriven;

    @BeforeEach
    void adviseOnceAndReset() throws Exception {
        if (!camel.isStarted()) {
            AdviceWith.adviceWith(camel, "unsettled-events-to-finance", route -> {
                route.replaceFromWith("direct:sweep");
                route.weaveById("redrive-to-posting-queue").replace().to("mock:redriven");
            });
            camel.start();
        }
        redriven = camel.getEndpoint("mock:redriven", MockEndpoint.class);
        MockEndpoint.resetMocks(camel);
        reset(sweeper);
    }

    @Test
    void everyUnsettledEventGoesBackToThePostingQueueAsItsOwnMessage() throws Exception {
        when(sweeper.sweep()).thenReturn(List.of("{\"eventId\":\"ev-1\"}", "{\"eventId\":\"ev-2\"}", "{\"eventId\":\"ev-3\"}"));
        redriven.expectedBodiesReceived("{\"eventId\":\"ev-1\"}", "{\"eventId\":\"ev-2\"}", "{\"eventId\":\"ev-3\"}");

        template.sendBody("direct:sweep", null);

        redriven.assertIsSatisfied();
    }

    @Test
    void aSweepThatFindsNothingSendsNothing() throws Exception {
        when(sweeper.sweep()).thenReturn(List.of());
        redriven.expectedMessageCount(0);

        template.sendBody("direct:sweep", null);

        redriven.assertIsSatisfied();
    }

    @Test
    void aFailedSweepSendsNothingAndTheNextSweepRunsAsUsual() throws Exception {
        when(sweeper.sweep())
                .thenThrow(new DataAccessResourceFailureException("database restarting"))
                .thenReturn(List.of("{\"eventId\":\"ev-9\"}"));
        redriven.expectedBodiesReceived("{\"eventId\":\"ev-9\"}");

        Exchange failed = template.send("direct:sweep", e -> { });
        template.sendBody("direct:sweep", null);

        assertThat(RouteTests.rootCause(failed.getException())).isInstanceOf(DataAccessResourceFailureException.class);
        redriven.assertIsSatisfied();
    }
}
