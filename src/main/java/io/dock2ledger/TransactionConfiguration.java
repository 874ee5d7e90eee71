package io.dock2ledger;

import jakarta.jms.ConnectionFactory;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.jms.connection.JmsTransactionManager;

import javax.sql.DataSource;

/**
 * The hub's two transaction managers. The database one (primary) wraps each posting; the JMS one lets the file
 * intake send all events of a file in one broker transaction: one journal sync per file instead of one blocking
 * persistent send per event (docs/architecture.md, "Designed for peaks"). Declaring the JMS one switches off Spring
 * Boot's default database transaction manager, so both are declared here.
 */
@Configuration(proxyBeanMethods = false)
public class TransactionConfiguration {

    @Bean
    @Primary
    JdbcTransactionManager transactionManager(DataSource dataSource) {
        return new JdbcTransactionManager(dataSource);
    }

    @Bean
    JmsTransactionManager jmsTransactionManager(ConnectionFactory connectionFactory) {
        return new JmsTransactionManager(connectionFactory);
    }

    /** Used by routes as {@code transacted: {ref: jmsTransacted}}: join or start a JMS transaction. */
    @Bean
    SpringTransactionPolicy jmsTransacted(JmsTransactionManager jmsTransactionManager) {
        SpringTransactionPolicy policy = new SpringTransactionPolicy(jmsTransactionManager);
        policy.setPropagationBehaviorName("PROPAGATION_REQUIRED");
        return policy;
    }
}
