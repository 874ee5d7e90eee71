package io.dock2ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.canonical.CanonicalJson;
import io.dock2ledger.config.HubInstance;
import io.dock2ledger.config.HubProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HubProperties.class)
public class HubConfiguration {

    /** Static: a post-processor must not wait for its configuration class to be instantiated. */
    @Bean
    static OutOfMemoryExit outOfMemoryExit(Environment environment) {
        return new OutOfMemoryExit(environment);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** This process among the hub instances sharing the database (its name in locks and leases). */
    @Bean
    HubInstance hubInstance() {
        return HubInstance.current();
    }

    /** One JSON dialect for the API, the queues and the mappings: decimals as plain strings. */
    @Bean
    @Primary
    ObjectMapper objectMapper() {
        return CanonicalJson.newMapper();
    }
}
