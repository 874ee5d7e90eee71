package io.dock2ledger.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.HubProperties;
import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.canonical.CanonicalSchemas;
import io.dock2ledger.canonical.EventFingerprint;
import io.dock2ledger.mapping.PartnerMappings;
import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.operations.AuditTrail;
import io.dock2ledger.operations.ExceptionRecorder;
import io.dock2ledger.partners.PartnerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;

/** The beans the intake routes call by name (partnerInbox, inboundDocuments, eventIntake, intakeFailures). */
@Configuration(proxyBeanMethods = false)
public class IntakeConfiguration {

    @Bean
    PartnerInbox partnerInbox(HubProperties hub, PartnerRegistry partners, JdbcTemplate jdbc, Clock clock) {
        return new PartnerInbox(hub, partners, jdbc, clock);
    }

    @Bean
    InboundDocuments inboundDocuments(ObjectMapper json) {
        return new InboundDocuments(new CsvDocuments(json), json);
    }

    @Bean
    PartnerMappings partnerMappings(HubProperties hub, ObjectMapper json) {
        return new PartnerMappings(hub.mappingsDir(), json);
    }

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

    @Bean
    EventIntake eventIntake(PartnerMappings mappings, MasterData masterData, CanonicalSchemas schemas,
                            EventFingerprint fingerprint, CanonicalEventStore events, AuditTrail audit,
                            ObjectMapper json, Clock clock, MeterRegistry meters) {
        return new EventIntake(mappings, new EventEnricher(masterData), schemas, fingerprint, events, audit, json,
                clock, meters);
    }

    @Bean
    IntakeFailures intakeFailures(PartnerInbox inbox, ExceptionRecorder exceptions) {
        return new IntakeFailures(inbox, exceptions);
    }
}
