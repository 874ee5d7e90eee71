package io.dock2ledger.operations.preview;

import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.config.HubProperties;
import io.dock2ledger.masterdata.MasterData;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
public class PreviewConfiguration {

    @Bean
    RulePreview rulePreview(JdbcTemplate jdbc, CanonicalEventStore events, MasterData masterData) {
        return new RulePreview(jdbc, events, masterData);
    }

    @Bean
    CandidateRules candidateRules(HubProperties hub, MasterData masterData) {
        return new CandidateRules(hub.configDir(), masterData);
    }
}
