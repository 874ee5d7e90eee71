package io.dock2ledger.mapping;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.canonical.CanonicalSchemas;
import io.dock2ledger.canonical.EventFingerprint;
import io.dock2ledger.config.HubProperties;
import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.partners.Partner;
import io.dock2ledger.partners.PartnerRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Partner mappings and the preparation of canonical events (map, enrich, validate) every channel shares. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MappingProperties.class)
public class MappingConfiguration {

    @Bean
    PartnerMappings partnerMappings(HubProperties hub, ObjectMapper json) {
        return new PartnerMappings(hub.mappingsDir(), json);
    }

    @Bean
    EventPreparation eventPreparation(PartnerMappings mappings, MasterData masterData, CanonicalSchemas schemas,
                                      EventFingerprint fingerprint, ObjectMapper json, Clock clock,
                                      PartnerRegistry partners, MappingProperties properties) {
        EventEnricher enricher = new EventEnricher(masterData,
                partner -> partners.partner(partner).map(Partner::locations).orElse(Map.of()));
        int threads = properties.threadsOnThisMachine();
        return new EventPreparation(mappings, enricher, schemas, fingerprint, json, clock,
                threads > 0 ? mappingThreads(threads) : null, properties.readAhead());
    }

    /** Daemon threads, so a hub that stops never waits for a document mapped ahead (its file is read again). */
    private static ExecutorService mappingThreads(int threads) {
        AtomicInteger number = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, work -> {
            Thread thread = new Thread(work, "mapping-ahead-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
