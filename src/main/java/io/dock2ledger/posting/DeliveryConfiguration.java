package io.dock2ledger.posting;

import io.dock2ledger.posting.store.DeliveryOutbox;
import io.dock2ledger.posting.store.FinanceDocumentStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;

/** The delivery outbox posting writes into, and the approvals that release held documents (docs/erp.md). */
@Configuration(proxyBeanMethods = false)
public class DeliveryConfiguration {

    @Bean
    DeliveryOutbox deliveryOutbox(JdbcTemplate jdbc, Clock clock) {
        return new DeliveryOutbox(jdbc, clock);
    }

    @Bean
    DocumentApprovals documentApprovals(FinanceDocumentStore documents, DeliveryOutbox outbox,
                                        PlatformTransactionManager transactions) {
        return new DocumentApprovals(documents, outbox, new TransactionTemplate(transactions));
    }
}
