package io.dock2ledger.routes;

import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.HubException;
import io.dock2ledger.posting.EventPostingService;
import io.dock2ledger.posting.EventPostingService.Result;
import io.dock2ledger.posting.EventPostingService.Status;
import io.dock2ledger.posting.PostingFailures;
import io.dock2ledger.posting.WaitingForAnotherEvent;
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
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.test.annotation.DirtiesContext;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * routes/canonical-events-to-finance.camel.yaml with its error handling (posting-error-handling), on Camel alone: the
 * posting queue is replaced by a direct endpoint, the queues it sends to by mocks, the posting service by a Mockito
 * mock. What is tested is what the route decides: a waiting event goes back to the queue with its scheduled delivery,
 * every other outcome is done; a failure is retried in place, then recorded and parked in the dead-letter queue.
 */
@CamelSpringBootTest
@SpringBootTest(classes = CanonicalEventsToFinanceRouteTest.Beans.class, properties = {
        "camel.main.routes-include-pattern=" + RouteTests.ROUTES + "canonical-events-to-finance.camel.yaml,"
                + RouteTests.ROUTES + "error-handling.camel.yaml",
        "camel.main.routes-reload-enabled=false"
})
@UseAdviceWith
@DirtiesContext
class CanonicalEventsToFinanceRouteTest {

    private static final String EVENT = "{\"eventId\":\"ev-1\",\"source\":{\"partner\":\"acme-3pl\",\"documentId\":\"SHP-1\"}}";

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(CamelAutoConfiguration.class)
    static class Beans {
        @Bean
        EventPostingService eventPosting() {
            return mock(EventPostingService.class);
        }

        @Bean
        WaitingForAnotherEvent waitingForAnotherEvent() {
            return new WaitingForAnotherEvent();
        }

        @Bean
        PostingFailures postingFailures() {
            return mock(PostingFailures.class);
        }

        /** The jms component needs one to create its producers; the mocked queues never use it. */
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
    EventPostingService posting;
    @Autowired
    PostingFailures failures;

    MockEndpoint requeued;
    MockEndpoint deadLetters;

    @BeforeEach
    void adviseOnceAndReset() throws Exception {
        if (!camel.isStarted()) {
            AdviceWith.adviceWith(camel, "canonical-events-to-finance", route -> {
                route.replaceFromWith("direct:posting-queue");
                route.weaveById("requeue-waiting-event").replace().to("mock:requeued");
                route.mockEndpointsAndSkip("jms:*");
            });
            RouteTests.withoutRedeliveryDelays(camel);
            camel.start();
        }
        requeued = camel.getEndpoint("mock:requeued", MockEndpoint.class);
        deadLetters = camel.getEndpoint("mock:jms:queue:dock2ledger.events.dlq", MockEndpoint.class);
        MockEndpoint.resetMocks(camel);
        reset(posting, failures);
    }

    @Test
    void postedEventIsDone() throws Exception {
        when(posting.post(EVENT, null)).thenReturn(outcome(Status.POSTED));
        requeued.expectedMessageCount(0);
        deadLetters.expectedMessageCount(0);

        Exchange done = template.send("direct:posting-queue", e -> e.getMessage().setBody(EVENT));

        assertThat(done.getException()).isNull();
        MockEndpoint.assertIsSatisfied(camel);
        verify(posting, times(1)).post(EVENT, null);
    }

    @Test
    void everyFinalOutcomeLeavesTheQueue() throws Exception {
        requeued.expectedMessageCount(0);
        for (Status status : new Status[]{Status.NOTHING_TO_POST, Status.DUPLICATE, Status.CORRECTION,
                Status.TIMED_OUT, Status.REJECTED}) {
            reset(posting);
            when(posting.post(EVENT, null)).thenReturn(outcome(status));
            template.sendBody("direct:posting-queue", EVENT);
        }
        requeued.assertIsSatisfied();
    }

    @Test
    void waitingEventGoesBackToTheQueueWithItsScheduledDelivery() throws Exception {
        when(posting.post(EVENT, null)).thenReturn(
                new Result(Status.WAITING, "ev-1", "waits for its receipt", EVENT, 1_000L, 31_000L));
        requeued.expectedMessageCount(1);
        requeued.expectedBodiesReceived(EVENT);
        requeued.expectedHeaderReceived("waitingSince", 1_000L);
        requeued.expectedHeaderReceived("_AMQ_SCHED_DELIVERY", 31_000L);

        template.sendBody("direct:posting-queue", EVENT);

        requeued.assertIsSatisfied();
        // the event, not the posting result, goes back on the queue
        assertThat(requeued.getExchanges().get(0).getMessage().getBody()).isInstanceOf(String.class);
    }

    @Test
    void retriedEventIsPostedWithTheTimeItStartedWaiting() throws Exception {
        when(posting.post(EVENT, 1_000L)).thenReturn(outcome(Status.POSTED));
        requeued.expectedMessageCount(0);

        template.sendBodyAndHeaders("direct:posting-queue", EVENT, Map.of("waitingSince", 1_000L));

        verify(posting).post(EVENT, 1_000L);
        requeued.assertIsSatisfied();
    }

    @Test
    void transientFailureIsRetriedInPlaceAndNothingIsDeadLettered() throws Exception {
        when(posting.post(EVENT, null))
                .thenThrow(new CannotGetJdbcConnectionException("database restarting"))
                .thenReturn(outcome(Status.POSTED));
        deadLetters.expectedMessageCount(0);

        Exchange done = template.send("direct:posting-queue", e -> e.getMessage().setBody(EVENT));

        assertThat(done.getException()).isNull();
        verify(posting, times(2)).post(EVENT, null);
        verify(failures, never()).deadLetter(any(), any());
        deadLetters.assertIsSatisfied();
    }

    @Test
    void persistentFailureIsRetriedFiveTimesThenRecordedAndDeadLettered() throws Exception {
        HubException failure = new HubException(ExceptionCategory.DELIVERY_FAILED, "finance adapter refused");
        when(posting.post(EVENT, null)).thenThrow(failure);
        deadLetters.expectedBodiesReceived(EVENT);
        requeued.expectedMessageCount(0);

        Exchange done = template.send("direct:posting-queue", e -> e.getMessage().setBody(EVENT));

        // handled: the JMS transaction commits and the queue keeps moving
        assertThat(done.getException()).isNull();
        verify(posting, times(1 + 5)).post(EVENT, null);
        ArgumentCaptor<Exception> recorded = ArgumentCaptor.forClass(Exception.class);
        verify(failures).deadLetter(recorded.capture(), eq(EVENT));
        assertThat(HubException.findIn(recorded.getValue())).isSameAs(failure); // wrapped by the bean call
        MockEndpoint.assertIsSatisfied(camel);
    }

    private static Result outcome(Status status) {
        return new Result(status, "ev-1", status.name().toLowerCase(), EVENT, null, null);
    }
}
