package io.dock2ledger.mapping;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.canonical.CanonicalSchemas;
import io.dock2ledger.canonical.EventFingerprint;
import io.dock2ledger.config.HubProperties;
import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.partners.Partner;
import io.dock2ledger.partners.PartnerRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.Map;

/** Partner mappings and the preparation of canonical events (map, enrich, validate) every channel shares. */
@Configuration(proxyBeanMethods = false)
public class MappingConfiguration {

    @Bean
    PartnerMappings partnerMappings(HubProperties hub, ObjectMapper json) {
        return new PartnerMappings(hub.mappingsDir(), json);
    }

    @Bean
    EventPreparation eventPreparation(PartnerMappings mappings, MasterData masterData, CanonicalSchemas schemas,
                                      EventFingerprint fingerprint, ObjectMapper json, Clock clock,
                                      PartnerRegistry partners) {
        EventEnricher enricher = new EventEnricher(masterData,
                partner -> partners.partner(partner).map(Partner::locations).orElse(Map.of()));
        return new EventPreparation(mappings, enricher, schemas, fingerprint, json, clock);
    }
}
