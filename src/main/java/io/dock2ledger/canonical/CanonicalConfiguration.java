package io.dock2ledger.canonical;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.config.HubProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The canonical model's schemas, fingerprints and store. */
@Configuration(proxyBeanMethods = false)
public class CanonicalConfiguration {

    @Bean
    CanonicalSchemas canonicalSchemas(HubProperties hub) {
        return new CanonicalSchemas(hub.mappingsDir().resolve("canonical"));
    }

    @Bean
    EventFingerprint eventFingerprint(ObjectMapper json) {
        return new EventFingerprint(json);
    }

    @Bean
    CanonicalEventStore canonicalEventStore(JdbcTemplate jdbc, ObjectMapper json) {
        return new CanonicalEventStore(jdbc, json);
    }
}
