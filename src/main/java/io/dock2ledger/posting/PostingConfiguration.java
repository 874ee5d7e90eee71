package io.dock2ledger.posting;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.operations.AuditTrail;
import io.dock2ledger.operations.ExceptionRecorder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;

/** The beans the posting route calls by name (eventPosting, postingFailures). */
@Configuration(proxyBeanMethods = false)
public class PostingConfiguration {

    @Bean
    PostingLedger postingLedger(JdbcTemplate jdbc) {
        return new PostingLedger(jdbc);
    }

    @Bean
    FinanceDocumentStore financeDocumentStore(JdbcTemplate jdbc, Clock clock) {
        return new FinanceDocumentStore(jdbc, clock);
    }

    @Bean
    PostingFailures postingFailures(ExceptionRecorder exceptions, AuditTrail audit, ObjectMapper json) {
        return new PostingFailures(exceptions, audit, json);
    }
}
