package io.dock2ledger.routes;

import io.dock2ledger.operations.reconciliation.DailyReconciliation;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.pollingconsumer.SpringScheduledPollConsumerScheduler;
import org.apache.camel.support.ScheduledPollConsumer;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.annotation.DirtiesContext;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * routes/reconciliation-daily.camel.yaml: a Spring cron scheduler (not the scheduler component's 500 ms polling) on
 * dock2ledger.reconciliation.cron in its zone, handing each tick to dailyReconciliation.runYesterday. Here the cron
 * fires every second so that the test sees a tick.
 */
@CamelSpringBootTest
@SpringBootTest(classes = ReconciliationDailyRouteTest.Beans.class, properties = {
        "camel.main.routes-include-pattern=" + RouteTests.ROUTES + "reconciliation-daily.camel.yaml",
        "camel.main.routes-reload-enabled=false",
        "dock2ledger.reconciliation.cron=* * * * * *",
        "dock2ledger.reconciliation.zone=Europe/Berlin"
})
@DirtiesContext
class ReconciliationDailyRouteTest {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(CamelAutoConfiguration.class)
    static class Beans {
        @Bean
        DailyReconciliation dailyReconciliation() {
            DailyReconciliation daily = mock(DailyReconciliation.class);
            when(daily.runYesterday()).thenReturn(List.of());
            return daily;
        }
    }

    @Autowired
    CamelContext camel;
    @Autowired
    DailyReconciliation daily;

    @Test
    void theRouteRunsYesterdaysReconciliationOnItsCron() {
        ScheduledPollConsumer consumer = (ScheduledPollConsumer) camel.getRoute("reconciliation-daily").getConsumer();
        assertThat(consumer.getScheduler()).isInstanceOf(SpringScheduledPollConsumerScheduler.class);
        SpringScheduledPollConsumerScheduler scheduler = (SpringScheduledPollConsumerScheduler) consumer.getScheduler();
        assertThat(scheduler.getCron()).isEqualTo("* * * * * *");
        assertThat(scheduler.getTimeZone().getID()).isEqualTo("Europe/Berlin");

        await().atMost(Duration.ofSeconds(10)).until(() -> mockingDetails(daily).getInvocations().size() >= 1);
        verify(daily, atLeastOnce()).runYesterday();
    }
}
