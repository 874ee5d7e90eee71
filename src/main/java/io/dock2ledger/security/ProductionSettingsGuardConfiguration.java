package io.dock2ledger.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
public class ProductionSettingsGuardConfiguration {

    /** Static: a post-processor must not wait for its configuration class to be instantiated. */
    @Bean
    static ProductionSettingsGuard productionSettingsGuard(Environment environment) {
        return new ProductionSettingsGuard(environment);
    }
}
