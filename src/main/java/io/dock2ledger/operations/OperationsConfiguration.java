package io.dock2ledger.operations;

import io.dock2ledger.audit.AuditTrail;
import io.dock2ledger.config.HubInstance;
import io.dock2ledger.config.HubProperties;
import io.dock2ledger.exceptions.ExceptionOwners;
import io.dock2ledger.exceptions.ExceptionListener;
import io.dock2ledger.exceptions.ExceptionRecorder;
import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.edi.EdiIntake;
import io.dock2ledger.intake.read.EdiDocuments;
import io.dock2ledger.intake.read.InboundDocuments;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.file.remote.RemoteFilePollingConsumerPollStrategy;
import org.springframework.beans.factory.ObjectProvider;
import io.dock2ledger.partners.PartnerRegistry;
import io.dock2ledger.posting.store.IdempotencyKeys;
import io.micrometer.core.instrument.MeterRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({OperationsProperties.class, ClusterProperties.class})
public class OperationsConfiguration {

    /** Leases of the jobs one instance runs at a time (routes call singletonJobs.claim('job') before each run). */
    @Bean(destroyMethod = "releaseAll")
    SingletonJobs singletonJobs(JdbcTemplate jdbc, HubInstance instance, Clock clock, ClusterProperties cluster) {
        return new SingletonJobs(jdbc, instance, clock, cluster.jobLease());
    }

    /** The poll strategy of routes/partner-sftp-pull.camel.yaml: one instance at a time fetches a partner's folder. */
    @Bean
    SingletonPollStrategy singletonSftpPoll(SingletonJobs jobs) {
        return new SingletonPollStrategy(jobs, new RemoteFilePollingConsumerPollStrategy());
    }

    @Bean
    AuditTrail auditTrail(JdbcTemplate jdbc, Clock clock) {
        return new AuditTrail(jdbc, clock);
    }

    @Bean
    ExceptionOwners exceptionOwners(HubProperties hub, PartnerRegistry partners) {
        return ExceptionOwners.load(hub.configDir().resolve("exception-owners.yaml"), partners);
    }

    @Bean
    ExceptionRecorder exceptionRecorder(JdbcTemplate jdbc, ExceptionOwners owners, Clock clock, MeterRegistry meters,
                                        ObjectProvider<ExceptionListener> listeners) {
        return new ExceptionRecorder(jdbc, owners, clock, meters, listeners.orderedStream().toList());
    }

    @Bean
    ExceptionResubmission exceptionResubmission(ProducerTemplate camel, ExceptionRecorder exceptions,
                                                CanonicalEventStore events, PartnerRegistry partners,
                                                InboundDocuments inboundDocuments, EdiIntake ediIntake,
                                                ObjectMapper json, IdempotencyKeys postingLedger,
                                                JdbcTemplate jdbc) {
        return new ExceptionResubmission(camel, exceptions, events, partners, inboundDocuments,
                new EdiDocuments(ediIntake), json, postingLedger, jdbc);
    }

    /** Called by the route exception-aging-check. */
    @Bean
    ExceptionAging exceptionAging(ExceptionRecorder exceptions, ExceptionOwners owners, OperationsProperties properties,
                                  MeterRegistry meters, Clock clock, ObjectMapper json) {
        return new ExceptionAging(exceptions, owners.agingThresholds(), properties.agingWebhookUrl(), meters, clock, json);
    }

    /** Called by the route broker-dead-letters-to-exceptions: at most 500 messages of the queue a check. */
    @Bean
    BrokerDeadLetters brokerDeadLetters(JmsTemplate jms, JdbcTemplate jdbc, ExceptionRecorder exceptions,
                                        ObjectMapper json, OperationsProperties properties) {
        return new BrokerDeadLetters(jms, jdbc, exceptions, json, properties.deadLetterQueue(), 500);
    }

    @Bean
    ExceptionPayloads exceptionPayloads(JdbcTemplate jdbc, HubProperties hub) {
        return new ExceptionPayloads(jdbc, hub);
    }

    @Bean
    FileProgress fileProgress(JdbcTemplate jdbc) {
        return new FileProgress(jdbc);
    }

    @Bean
    ExceptionWork exceptionWork(ExceptionRecorder exceptions, ExceptionResubmission resubmission, Clock clock) {
        return new ExceptionWork(exceptions, resubmission, clock);
    }
}
