package io.dock2ledger.operations;

import io.dock2ledger.audit.AuditTrail;
import io.dock2ledger.config.HubInstance;
import io.dock2ledger.config.HubProperties;
import io.dock2ledger.exceptions.ExceptionOwners;
import io.dock2ledger.exceptions.ExceptionRecorder;
import io.dock2ledger.partners.PartnerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClusterProperties.class)
public class OperationsConfiguration {

    /** Leases of the jobs one instance runs at a time (routes call singletonJobs.claim('job') before each run). */
    @Bean(destroyMethod = "releaseAll")
    SingletonJobs singletonJobs(JdbcTemplate jdbc, HubInstance instance, Clock clock, ClusterProperties cluster) {
        return new SingletonJobs(jdbc, instance, clock, cluster.jobLease());
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
    ExceptionRecorder exceptionRecorder(JdbcTemplate jdbc, ExceptionOwners owners, Clock clock, MeterRegistry meters) {
        return new ExceptionRecorder(jdbc, owners, clock, meters);
    }
}
