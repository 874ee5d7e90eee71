package io.dock2ledger.partners;

import io.dock2ledger.config.HubProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PartnersProperties.class)
public class PartnersConfiguration {

    /** config/partners, plus the folders of {@code dock2ledger.partners.additional-dirs}. */
    @Bean
    PartnerRegistry partnerRegistry(HubProperties hub, PartnersProperties properties) {
        List<Path> directories = new ArrayList<>();
        directories.add(hub.configDir().resolve("partners"));
        directories.addAll(properties.additionalDirs());
        return new PartnerRegistry(directories);
    }
}
