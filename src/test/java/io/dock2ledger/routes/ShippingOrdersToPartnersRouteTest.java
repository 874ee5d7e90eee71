package io.dock2ledger.routes;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.canonical.CanonicalJson;
import io.dock2ledger.config.HubProperties;
import io.dock2ledger.edi.outbound.X12Party;
import io.dock2ledger.edi.outbound.X12ShippingOrderWriter;
import io.dock2ledger.edi.store.InMemoryControlNumbers;
import io.dock2ledger.edi.syntax.TransactionSchemas;
import io.dock2ledger.exceptions.ExceptionOwners;
import io.dock2ledger.exceptions.ExceptionRecorder;
import io.dock2ledger.exceptions.HubException;
import io.dock2ledger.masterdata.InMemoryMasterData;
import io.dock2ledger.masterdata.MasterDataSeed;
import io.dock2ledger.outbound.OutboundDocument;
import io.dock2ledger.outbound.OutboundDocuments;
import io.dock2ledger.outbound.OutboundStatus;
import io.dock2ledger.outbound.PartnerOutbox;
import io.dock2ledger.outbound.ShippingOrderMessages;
import io.dock2ledger.outbound.ShippingOrders;
import io.dock2ledger.partners.PartnerRegistry;
import io.dock2ledger.persistence.Databases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * routes/shipping-orders-to-partners.camel.yaml with the real ShippingOrders on an H2 database, the demo master data
 * and partners, and an outbox folder of its own. The JMS consumer is replaced by a direct: endpoint and the shared
 * outbound-error-handling by a stand-in that hands what it parks to a mock (the hub tests cover the real queue).
 */
@CamelSpringBootTest
@UseAdviceWith
@SpringBootTest(classes = ShippingOrdersToPartnersRouteTest.Hub.class, properties = {
        "camel.main.routes-include-pattern=file:routes/shipping-orders-to-partners.camel.yaml",
        "camel.main.routes-reload-enabled=false"})
class ShippingOrdersToPartnersRouteTest {

    private static final Path DATA = RouteTestFolders.create("shipping-orders-to-partners").resolve("data");

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void adviseOnce() throws Exception {
        if (!camel.isStarted()) {
            AdviceWith.adviceWith(camel, "shipping-orders-to-partners", route -> {
                route.replaceFromWith("direct:releases");
                route.weaveById("log-940").after().to("mock:sent");
                route.weaveById("park-unreadable-release").replace().to("mock:parked");
            });
            camel.start();
        }
        MockEndpoint.resetMocks(camel);
    }

    @Test
    void aReleaseBecomesA940InThePartnersOutboxOnceEvenWhenSentTwice() throws Exception {
        MockEndpoint sent = camel.getEndpoint("mock:sent", MockEndpoint.class);
        sent.expectedMessageCount(2);
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute("shipping-orders-to-partners").whenCompleted(2).create();

        producer.sendBody("direct:releases", "{\"orderId\": \"SO-50001\", \"warehouse\": \"ACME-NJ\"}");
        producer.sendBody("direct:releases", "{\"orderId\": \"SO-50001\", \"warehouse\": \"ACME-NJ\"}");

        assertThat(done.matches(10, TimeUnit.SECONDS)).isTrue();
        sent.assertIsSatisfied();
        OutboundDocument first = sent.getExchanges().get(0).getMessage().getBody(OutboundDocument.class);
        OutboundDocument second = sent.getExchanges().get(1).getMessage().getBody(OutboundDocument.class);
        assertThat(first.status()).isEqualTo(OutboundStatus.SENT);
        assertThat(second.id()).as("the same release twice sends one 940").isEqualTo(first.id());
        try (var files = Files.list(DATA.resolve("partners/acme-3pl/outbox"))) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).containsExactly(first.fileName());
        }
    }

    @Test
    void aMessageThatIsNotAReleaseIsRecordedAsAnUnknownOrderAndParkedNotRetried() throws Exception {
        MockEndpoint parked = camel.getEndpoint("mock:parked", MockEndpoint.class);
        MockEndpoint sent = camel.getEndpoint("mock:sent", MockEndpoint.class);
        parked.expectedBodiesReceived("orderId: SO-50001");
        sent.expectedMessageCount(0);

        producer.sendBodyAndHeader("direct:releases", "orderId: SO-50001", "JMSMessageID", "ID:not-a-release");

        parked.assertIsSatisfied(10_000);
        sent.assertIsSatisfied();
        assertThat(jdbc.queryForObject("select reason from hub_exception where category = 'UNKNOWN_ORDER' "
                + "and payload_ref = 'jms:dock2ledger.erp.shipping-orders.dlq/ID:not-a-release'", String.class))
                .startsWith("The shipping order release is not a JSON release");
    }

    @Test
    void aReleaseThatCannotBeSentIsParkedWithTheReason() throws Exception {
        MockEndpoint parked = camel.getEndpoint("mock:parked", MockEndpoint.class);
        parked.expectedMessageCount(1);

        producer.sendBody("direct:releases", "{\"orderId\": \"SO-99999\", \"warehouse\": \"ACME-NJ\"}");

        parked.assertIsSatisfied(10_000);
        assertThat(parked.getExchanges().get(0).getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class))
                .hasMessageContaining("Sales order SO-99999 is not in master data");
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(CamelAutoConfiguration.class)
    static class Hub {

        @Bean
        ObjectMapper objectMapper() {
            return CanonicalJson.newMapper();
        }

        private final DataSource database = Databases.freshH2();

        @Bean
        JdbcTemplate jdbc() {
            return new JdbcTemplate(database);
        }

        @Bean
        ShippingOrderMessages shippingOrderMessages(JdbcTemplate jdbc) {
            Clock clock = Clock.systemUTC();
            PartnerRegistry partners = new PartnerRegistry(Path.of("config/partners"));
            ShippingOrders orders = new ShippingOrders(
                    new InMemoryMasterData(new MasterDataSeed(Path.of("config/masterdata"))), partners,
                    new X12ShippingOrderWriter(new InMemoryControlNumbers(), new TransactionSchemas(), clock),
                    new X12Party("ZZ", "DOCKSIDE", "DOCKSIDE"), new OutboundDocuments(jdbc),
                    new PartnerOutbox(new HubProperties(DATA, Path.of("config"), Path.of("routes"), Path.of("mappings"))),
                    new TransactionTemplate(new DataSourceTransactionManager(database)), clock,
                    new SimpleMeterRegistry());
            ExceptionRecorder exceptions = new ExceptionRecorder(jdbc,
                    ExceptionOwners.load(Path.of("config/exception-owners.yaml"), partners), clock,
                    new SimpleMeterRegistry());
            return new ShippingOrderMessages(orders, exceptions);
        }

        /** Stands in for routes/error-handling.camel.yaml: a business failure is handled and parked, once. */
        @Bean
        RouteConfigurationBuilder outboundErrorHandling() {
            return new RouteConfigurationBuilder() {
                @Override
                public void configuration() {
                    routeConfiguration("outbound-error-handling")
                            .onException(HubException.class).handled(true).useOriginalMessage().to("mock:parked");
                }
            };
        }
    }
}
