package io.dock2ledger.operations.reconciliation;

import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.exceptions.ExceptionRecorder;
import io.dock2ledger.masterdata.MasterData;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReconciliationProperties.class)
public class ReconciliationConfiguration {

    @Bean
    Reconciler reconciler(JdbcTemplate jdbc, CanonicalEventStore events, MasterData masterData, Clock clock) {
        return new Reconciler(jdbc, events, masterData, clock);
    }

    @Bean
    RunClaims runClaims(JdbcTemplate jdbc, Clock clock) {
        return new RunClaims(jdbc, clock, instanceName());
    }

    @Bean
    DailyReconciliation dailyReconciliation(Reconciler reconciler, JdbcTemplate jdbc, ExceptionRecorder exceptions,
                                            RunClaims claims, Clock clock, ReconciliationProperties properties) {
        return new DailyReconciliation(reconciler, new ReconciliationExceptions(jdbc, exceptions), claims, jdbc, clock,
                properties);
    }

    /** Host and process: what an operator needs to tell which instance ran a day. */
    private static String instanceName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + ":" + ProcessHandle.current().pid();
    }
}
