package io.dock2ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.canonical.CanonicalJson;
import io.dock2ledger.config.HubProperties;
import io.dock2ledger.partners.PartnerRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HubProperties.class)
public class HubConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** One JSON dialect for the API, the queues and the mappings: decimals as plain strings. */
    @Bean
    @Primary
    ObjectMapper objectMapper() {
        return CanonicalJson.newMapper();
    }

    /**
     * config/partners, plus the folders of {@code dock2ledger.partners.additional-dirs} (empty by default; the tests
     * add a clearly labelled test partner there without touching config/).
     */
    @Bean
    PartnerRegistry partnerRegistry(HubProperties hub, Clock clock,
                                    @Value("${dock2ledger.partners.additional-dirs:}") String additionalDirs) {
        List<Path> directories = new ArrayList<>();
        directories.add(hub.configDir().resolve("partners"));
        for (String dir : additionalDirs.split(",")) {
            if (!dir.isBlank()) {
                directories.add(Path.of(dir.trim()));
            }
        }
        return new PartnerRegistry(directories, clock);
    }
}
