package io.dock2ledger.routes;

import java.sql.Timestamp;
import org.junit.jupiter.api.BeforeEach;
import io.dock2ledger.operations.SingletonJobs;
import io.dock2ledger.config.HubInstance;
import io.dock2ledger.edi.outbound.OutboundInterchange;
import io.dock2ledger.edi.syntax.EdiStandard;
import io.dock2ledger.exceptions.ExceptionOwners;
import io.dock2ledger.exceptions.ExceptionRecorder;
import io.dock2ledger.outbound.OutboundDocument;
import io.dock2ledger.outbound.OutboundDocuments;
import io.dock2ledger.outbound.OutboundStatus;
import io.dock2ledger.outbound.PartnerAcknowledgments;
import io.dock2ledger.partners.PartnerRegistry;
import io.dock2ledger.persistence.Databases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * routes/outbound-acks-overdue.camel.yaml with the real PartnerAcknowledgments on an H2 database and a clock five hours
 * after the 940s were sent (acme-3pl's ackWithin is 4h). The timer is replaced by a direct: endpoint, so a check runs
 * when the test says.
 */
@CamelSpringBootTest
@UseAdviceWith
@SpringBootTest(classes = OutboundAcksOverdueRouteTest.Hub.class, properties = {
        "camel.main.routes-include-pattern=file:routes/outbound-acks-overdue.camel.yaml",
        "camel.main.routes-reload-enabled=false"})
class OutboundAcksOverdueRouteTest {

    private static final Instant SENT = Instant.parse("2026-11-28T09:00:00Z");

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    OutboundDocuments documents;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void adviseOnce() throws Exception {
        if (!camel.isStarted()) {
            AdviceWith.adviceWith(camel, "outbound-acks-overdue", route -> {
                route.replaceFromWith("direct:check-acks");
                route.weaveById("mark-overdue-documents").after().to("mock:checked");
            });
            camel.start();
        }
        MockEndpoint.resetMocks(camel);
        jdbc.update("delete from hub_job_lease");
    }

    /** Several hub instances share the database: the one holding the job's lease checks, this one skips its turn. */
    @Test
    void whileAnotherInstanceHoldsTheJobsLeaseThisOneSkipsTheCheck() throws Exception {
        jdbc.update("insert into hub_job_lease (job, holder, expires_at) values (?, ?, ?)", "outbound-acks-overdue",
                "other-host/42/abcdef01", Timestamp.from(SENT.plus(Duration.ofHours(6))));
        OutboundDocument due = documents.recordSent("acme-3pl", "SO-OVERDUE-2", "i".repeat(64),
                new OutboundInterchange(EdiStandard.X12, "940", "acme-3pl_940_SO-OVERDUE-2.x12", "ISA...",
                        "000000902", "902", "0001"), SENT, SENT.plus(Duration.ofHours(4)));
        MockEndpoint checked = camel.getEndpoint("mock:checked", MockEndpoint.class);
        checked.expectedMessageCount(0);

        producer.sendBody("direct:check-acks", null);

        checked.assertIsSatisfied();
        assertThat(documents.byId(due.id()).orElseThrow().status()).isNotEqualTo(OutboundStatus.OVERDUE);
        jdbc.update("delete from edi_outbound_document where id = ?", due.id());
    }

    @Test
    void aDocumentPastItsAcknowledgmentWindowBecomesOverdueOnceWithAnOwnedException() throws Exception {
        OutboundDocument due = documents.recordSent("acme-3pl", "SO-OVERDUE-1", "h".repeat(64),
                new OutboundInterchange(EdiStandard.X12, "940", "acme-3pl_940_SO-OVERDUE-1.x12", "ISA...",
                        "000000901", "901", "0001"), SENT, SENT.plus(Duration.ofHours(4)));
        MockEndpoint checked = camel.getEndpoint("mock:checked", MockEndpoint.class);
        checked.expectedBodiesReceived(1, 0);

        producer.sendBody("direct:check-acks", null);
        producer.sendBody("direct:check-acks", null);

        checked.assertIsSatisfied();
        assertThat(documents.byId(due.id()).orElseThrow().status()).isEqualTo(OutboundStatus.OVERDUE);
        assertThat(jdbc.queryForObject("select count(*) from hub_exception where category = 'ACK_OVERDUE' "
                + "and payload_ref = ?", Integer.class, "outbound:" + due.id())).isEqualTo(1);
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(CamelAutoConfiguration.class)
    static class Hub {

        private final Clock fiveHoursLater = Clock.fixed(SENT.plus(Duration.ofHours(5)), ZoneOffset.UTC);

        @Bean
        JdbcTemplate jdbc() {
            return new JdbcTemplate(Databases.freshH2());
        }

        @Bean
        SingletonJobs singletonJobs(JdbcTemplate jdbc) {
            return new SingletonJobs(jdbc, new HubInstance("test/1/route"), fiveHoursLater, Duration.ofMinutes(3));
        }

        @Bean
        OutboundDocuments outboundDocuments(JdbcTemplate jdbc) {
            return new OutboundDocuments(jdbc);
        }

        @Bean
        PartnerAcknowledgments partnerAcknowledgments(OutboundDocuments documents, JdbcTemplate jdbc) {
            ExceptionRecorder exceptions = new ExceptionRecorder(jdbc,
                    ExceptionOwners.load(Path.of("config/exception-owners.yaml"),
                            new PartnerRegistry(Path.of("config/partners"))), fiveHoursLater, new SimpleMeterRegistry());
            return new PartnerAcknowledgments(documents, exceptions, fiveHoursLater, new SimpleMeterRegistry());
        }
    }
}
