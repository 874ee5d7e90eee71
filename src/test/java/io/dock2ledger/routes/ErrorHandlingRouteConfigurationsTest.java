package io.dock2ledger.routes;

import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.HubException;
import io.dock2ledger.intake.IntakeChunks;
import io.dock2ledger.intake.IntakeFailures;
import io.dock2ledger.outbound.ShippingOrderMessages;
import jakarta.jms.ConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.RouteBuilder;
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
import org.springframework.jms.UncategorizedJmsException;
import org.springframework.test.annotation.DirtiesContext;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.same;
import static org.mockito.Mockito.doNothing;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The route configurations of routes/error-handling.camel.yaml, each opted into by a small test route whose one step
 * fails as told: what is retried and how often, what is recorded by which bean, what is parked in which dead-letter
 * queue, and whether the failure is handled (the consumer commits) or left to the consumer (the file stays in its
 * inbox). posting-error-handling is tested with its real route in {@link CanonicalEventsToFinanceRouteTest}.
 */
@CamelSpringBootTest
@SpringBootTest(classes = ErrorHandlingRouteConfigurationsTest.Beans.class, properties = {
        "camel.main.routes-include-pattern=" + RouteTests.ROUTES + "error-handling.camel.yaml",
        "camel.main.routes-reload-enabled=false"
})
@UseAdviceWith
@DirtiesContext
class ErrorHandlingRouteConfigurationsTest {

    private static final String FILE = "/data/partners/acme-3pl/inbox/shipments_SHP-1.csv";
    private static final String INBOUND_DLQ = "mock:jms:queue:dock2ledger.inbound.dlq";
    private static final String RELEASE_DLQ = "mock:jms:queue:dock2ledger.erp.shipping-orders.dlq";

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(CamelAutoConfiguration.class)
    static class Beans {
        @Bean
        IntakeFailures intakeFailures() {
            return mock(IntakeFailures.class);
        }

        @Bean
        IntakeChunks intakeChunks() {
            return mock(IntakeChunks.class);
        }

        @Bean
        ShippingOrderMessages shippingOrderMessages() {
            return mock(ShippingOrderMessages.class);
        }

        @Bean
        ConnectionFactory connectionFactory() {
            return mock(ConnectionFactory.class);
        }

        /** The step that fails in every test route, as each test tells it to. */
        @Bean
        Processor failingStep() {
            return mock(Processor.class);
        }

        @Bean
        RouteBuilder routesThatOptIn(Processor failingStep) {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:file-intake").routeId("test-file-intake").routeConfigurationId("intake-error-handling")
                            .process(failingStep).id("failing-step")
                            .to("mock:file-intake-done");
                    from("direct:queue-intake").routeId("test-queue-intake").routeConfigurationId("queue-intake-error-handling")
                            .setBody(constant("{\"canonical\":true}")).id("map-message")
                            .process(failingStep).id("failing-step-of-queue")
                            .to("mock:queue-intake-done");
                    from("direct:release").routeId("test-release").routeConfigurationId("outbound-error-handling")
                            .setBody(constant("ISA*00*...~")).id("render-940")
                            .process(failingStep).id("failing-step-of-release")
                            .to("mock:release-done");
                }
            };
        }
    }

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate template;
    @Autowired
    IntakeFailures intakeFailures;
    @Autowired
    IntakeChunks intakeChunks;
    @Autowired
    ShippingOrderMessages releases;
    @Autowired
    Processor failingStep;

    @BeforeEach
    void adviseOnceAndReset() throws Exception {
        if (!camel.isStarted()) {
            // the dead-letter queues are endpoints of the route configurations: mocked for the whole context
            AdviceWith.adviceWith(camel, "test-queue-intake", route -> route.mockEndpointsAndSkip("jms:*"));
            RouteTests.withoutRedeliveryDelays(camel);
            camel.start();
        }
        MockEndpoint.resetMocks(camel);
        reset(intakeFailures, intakeChunks, releases, failingStep);
    }

    // intake-error-handling: partner files

    @Test
    void fileIntakeBusinessFailureIsRecordedOnceAndDecidesWhereTheFileGoes() throws Exception {
        HubException unknownItem = new HubException(ExceptionCategory.UNKNOWN_ITEM, "item X-1 is not in the item master");
        doThrow(unknownItem).when(failingStep).process(any());
        when(intakeFailures.handle(same(unknownItem), any(), eq(FILE), eq("archive/"))).thenReturn("error/");
        camel.getEndpoint("mock:file-intake-done", MockEndpoint.class).expectedMessageCount(0);

        Exchange done = template.send("direct:file-intake", e -> {
            e.getMessage().setBody("line 1");
            e.getMessage().setHeader("CamelFileAbsolutePath", FILE);
            e.getMessage().setHeader("fileTarget", "archive/");
        });

        assertThat(done.getException()).as("handled: the file component moves the file").isNull();
        assertThat(done.getMessage().getHeader("fileTarget")).isEqualTo("error/");
        verify(failingStep, times(1)).process(any()); // a bad document is not retried
        verify(intakeFailures).handle(same(unknownItem), eq("line 1"), eq(FILE), eq("archive/"));
        verify(intakeChunks, never()).documentFailed(any());
        MockEndpoint.assertIsSatisfied(camel);
    }

    @Test
    void fileIntakeTechnicalFailureIsRetriedFourTimesThenLeftToTheFileConsumer() throws Exception {
        UncategorizedJmsException brokerDown = new UncategorizedJmsException("broker unavailable");
        doThrow(brokerDown).when(failingStep).process(any());

        Exchange done = template.send("direct:file-intake", e -> e.getMessage().setBody("line 1"));

        assertThat(done.getException()).as("not handled: the file stays in the inbox").isSameAs(brokerDown);
        verify(failingStep, times(1 + 4)).process(any());
        verify(intakeFailures, never()).handle(any(), any(), any(), any());
        verify(intakeChunks).documentFailed(brokerDown);
    }

    @Test
    void fileIntakeTechnicalFailureThatClearsOnARetryGoesOn() throws Exception {
        doThrow(new UncategorizedJmsException("broker restarting")).doNothing().when(failingStep).process(any());
        camel.getEndpoint("mock:file-intake-done", MockEndpoint.class).expectedBodiesReceived("line 1");

        Exchange done = template.send("direct:file-intake", e -> e.getMessage().setBody("line 1"));

        assertThat(done.getException()).isNull();
        verify(failingStep, times(2)).process(any());
        MockEndpoint.assertIsSatisfied(camel);
    }

    // queue-intake-error-handling: partner queues

    @Test
    void queueMessageThatIsNotAPartnerDocumentIsRecordedAndNotRetriedOrParked() throws Exception {
        HubException notJson = new HubException(ExceptionCategory.UNKNOWN_DOCUMENT, "not JSON");
        doThrow(notJson).when(failingStep).process(any());
        camel.getEndpoint(INBOUND_DLQ, MockEndpoint.class).expectedMessageCount(0);

        Exchange done = template.send("direct:queue-intake", e -> {
            e.getMessage().setBody("<not json/>");
            e.getMessage().setHeaders(Map.of("dock2ledgerPartner", "acme-3pl", "JMSMessageID", "ID:42"));
        });

        assertThat(done.getException()).as("handled: the JMS transaction commits").isNull();
        verify(failingStep, times(1)).process(any());
        verify(intakeFailures).handleMessage(same(notJson), eq("{\"canonical\":true}"), eq("acme-3pl"), eq("ID:42"));
        MockEndpoint.assertIsSatisfied(camel);
    }

    @Test
    void queueMessageThatKeepsFailingIsRetriedThenParkedAsItArrived() throws Exception {
        doThrow(new UncategorizedJmsException("database unavailable")).when(failingStep).process(any());
        MockEndpoint deadLetters = camel.getEndpoint(INBOUND_DLQ, MockEndpoint.class);
        deadLetters.expectedBodiesReceived("{\"partnerFormat\":1}");

        Exchange done = template.send("direct:queue-intake", e -> {
            e.getMessage().setBody("{\"partnerFormat\":1}");
            e.getMessage().setHeaders(Map.of("dock2ledgerPartner", "acme-3pl", "JMSMessageID", "ID:43"));
        });

        assertThat(done.getException()).as("handled: the queue keeps moving").isNull();
        verify(failingStep, times(1 + 4)).process(any());
        // the ORIGINAL message is recorded and parked, not what the route had made of it
        verify(intakeFailures).handleMessage(any(UncategorizedJmsException.class), eq("{\"partnerFormat\":1}"),
                eq("acme-3pl"), eq("ID:43"));
        MockEndpoint.assertIsSatisfied(camel);
    }

    // outbound-error-handling: shipping order releases from the ERP

    @Test
    void refusedReleaseIsRecordedAndParkedAsItArrivedWithoutRetries() throws Exception {
        HubException unknownOrder = new HubException(ExceptionCategory.UNKNOWN_ORDER, "order SO-404 is unknown");
        doThrow(unknownOrder).when(failingStep).process(any());
        MockEndpoint deadLetters = camel.getEndpoint(RELEASE_DLQ, MockEndpoint.class);
        deadLetters.expectedBodiesReceived("{\"orderId\":\"SO-404\"}");

        Exchange done = template.send("direct:release", e -> {
            e.getMessage().setBody("{\"orderId\":\"SO-404\"}");
            e.getMessage().setHeader("JMSMessageID", "ID:44");
        });

        assertThat(done.getException()).isNull();
        verify(failingStep, times(1)).process(any());
        verify(releases).failed(same(unknownOrder), eq("ID:44"), eq("dock2ledger.erp.shipping-orders.dlq"));
        MockEndpoint.assertIsSatisfied(camel);
    }

    @Test
    void releaseThatKeepsFailingIsRetriedFourTimesThenParkedAsItArrived() throws Exception {
        UncategorizedJmsException down = new UncategorizedJmsException("partner outbox unavailable");
        doThrow(down).when(failingStep).process(any());
        doNothing().when(releases).failed(any(), any(), any());
        MockEndpoint deadLetters = camel.getEndpoint(RELEASE_DLQ, MockEndpoint.class);
        deadLetters.expectedBodiesReceived("{\"orderId\":\"SO-7\"}");

        Exchange done = template.send("direct:release", e -> {
            e.getMessage().setBody("{\"orderId\":\"SO-7\"}");
            e.getMessage().setHeader("JMSMessageID", "ID:45");
        });

        assertThat(done.getException()).isNull();
        verify(failingStep, times(1 + 4)).process(any());
        verify(releases).failed(same(down), eq("ID:45"), eq("dock2ledger.erp.shipping-orders.dlq"));
        MockEndpoint.assertIsSatisfied(camel);
    }
}
