package io.dock2ledger.erp;

import io.dock2ledger.posting.FinanceAdapter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;

/**
 * The finance side. Posting owns its port ({@link FinanceAdapter}); this package implements it, so the dependency
 * points one way: erp on posting, never back.
 */
@Configuration(proxyBeanMethods = false)
public class ErpConfiguration {

    /** The default finance adapter; another FinanceAdapter bean (REST ERP, Tryton) replaces it. */
    @Bean
    @ConditionalOnMissingBean(FinanceAdapter.class)
    InterfaceTableAdapter interfaceTableAdapter(JdbcTemplate jdbc, Clock clock) {
        return new InterfaceTableAdapter(jdbc, clock);
    }
}
