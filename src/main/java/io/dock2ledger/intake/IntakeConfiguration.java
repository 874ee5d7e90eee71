package io.dock2ledger.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.audit.AuditTrail;
import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.canonical.CanonicalSchemas;
import io.dock2ledger.canonical.EventFingerprint;
import io.dock2ledger.config.HubProperties;
import io.dock2ledger.edi.EdiIntake;
import io.dock2ledger.edi.store.ControlNumbers;
import io.dock2ledger.edi.store.JdbcControlNumbers;
import io.dock2ledger.edi.store.JdbcInterchangeRegistry;
import io.dock2ledger.edi.syntax.TransactionSchemas;
import io.dock2ledger.exceptions.ExceptionRecorder;
import io.dock2ledger.intake.read.CsvDocuments;
import io.dock2ledger.intake.read.EdiDocuments;
import io.dock2ledger.intake.read.InboundDocuments;
import io.dock2ledger.mapping.DocumentsWithoutEvents;
import io.dock2ledger.mapping.EventEnricher;
import io.dock2ledger.mapping.EventPreparation;
import io.dock2ledger.mapping.PartnerMappings;
import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.outbound.PartnerOutbox;
import io.dock2ledger.partners.PartnerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The beans the intake routes call by name (partnerInbox, inboundDocuments, ediFiles, partnerMessages, eventPreparation,
 * documentsWithoutEvents, eventIntake, intakeFailures, partnerRoutes).
 */
@Configuration(proxyBeanMethods = false)
public class IntakeConfiguration {

    /**
     * Read locks of the partner inbox routes shared by every hub instance on the same database: a file is read by the
     * instance that first records its path (see V6__file_read_locks.sql), never by two at once. The instance holding a
     * lock renews it while it reads; the lock of an instance killed mid-file (kill -9 leaves its row behind) is taken
     * over once it is older than the maximum age, so the file is read again instead of being skipped for ever.
     */
    @Bean
    JdbcOrphanLockAwareIdempotentRepository fileReadLocks(DataSource dataSource, CamelContext camel,
                                                          @Value("${dock2ledger.intake.read-lock-max-age:60s}") Duration maxAge,
                                                          @Value("${dock2ledger.intake.read-lock-keep-alive:10s}") Duration keepAlive) {
        JdbcOrphanLockAwareIdempotentRepository locks =
                new JdbcOrphanLockAwareIdempotentRepository(dataSource, "partner-inbox-to-canonical", camel);
        locks.setCreateTableIfNotExists(false);
        locks.setLockMaxAgeMillis(maxAge.toMillis());
        locks.setLockKeepAliveIntervalMillis(keepAlive.toMillis());
        return locks;
    }

    @Bean
    PartnerInbox partnerInbox(HubProperties hub, PartnerRegistry partners, JdbcTemplate jdbc, Clock clock) {
        return new PartnerInbox(hub, partners, jdbc, clock);
    }

    /** The inbox route's file filter: names a partner may not use are quarantined, not read. */
    @Bean
    InboxFileNameGuard inboxFileNames(PartnerInbox inbox, IntakeFailures intakeFailures) {
        return new InboxFileNameGuard(inbox, intakeFailures);
    }

    @Bean
    InboundDocuments inboundDocuments(ObjectMapper json) {
        return new InboundDocuments(new CsvDocuments(json), json);
    }

    /** The hub's EDI implementation schemas, loaded once: the intake validates with them, the 940 writer checks. */
    @Bean
    TransactionSchemas ediSchemas() {
        return new TransactionSchemas();
    }

    /** Outbound control numbers per partner (V3__edi.sql), shared by acknowledgments and the 940. */
    @Bean
    ControlNumbers ediControlNumbers(DataSource dataSource) {
        return new JdbcControlNumbers(dataSource);
    }

    /** X12/EDIFACT reader with control numbers and duplicate detection in the hub's database (V3__edi.sql). */
    @Bean
    EdiIntake ediIntake(TransactionSchemas ediSchemas, ControlNumbers ediControlNumbers, DataSource dataSource,
                        Clock clock, @Value("${dock2ledger.edi.duplicate-window:30d}") Duration duplicateWindow) {
        return new EdiIntake(ediSchemas, ediControlNumbers,
                new JdbcInterchangeRegistry(dataSource, duplicateWindow, clock), clock);
    }

    @Bean
    EdiFiles ediFiles(EdiIntake ediIntake, PartnerRegistry partners, PartnerInbox inbox, PartnerOutbox outbox,
                      ExceptionRecorder exceptions) {
        return new EdiFiles(new EdiDocuments(ediIntake), partners, inbox, outbox, exceptions);
    }

    @Bean
    PartnerMessages partnerMessages(PartnerRegistry partners, PartnerInbox inbox, ObjectMapper json) {
        return new PartnerMessages(partners, inbox, json);
    }

    @Bean
    StuckInboxFiles stuckInboxFiles(HubProperties hub, PartnerRegistry partners, IntakeFailures intakeFailures,
                                    CamelContext camel, Clock clock, JdbcTemplate jdbc,
                                    @Value("${dock2ledger.intake.stuck-after:10m}") Duration stuckAfter,
                                    @Value("${dock2ledger.intake.read-lock-max-age:60s}") Duration lockMaxAge) {
        return new StuckInboxFiles(hub, partners, intakeFailures, camel, clock, stuckAfter, jdbc, lockMaxAge);
    }

    @Bean
    PartnerRoutes partnerRoutes(CamelContext camel, PartnerRegistry partners) {
        return new PartnerRoutes(camel, partners);
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
    EventPreparation eventPreparation(PartnerMappings mappings, MasterData masterData, CanonicalSchemas schemas,
                                      EventFingerprint fingerprint, ObjectMapper json, Clock clock) {
        return new EventPreparation(mappings, new EventEnricher(masterData), schemas, fingerprint, json, clock);
    }

    /** Counts the documents whose mapping says they carry nothing for finance (routes/map-document.camel.yaml). */
    @Bean
    DocumentsWithoutEvents documentsWithoutEvents(MeterRegistry meters) {
        return new DocumentsWithoutEvents(meters);
    }

    @Bean
    EventIntake eventIntake(CanonicalEventStore events, AuditTrail audit, Clock clock, MeterRegistry meters,
                            PlatformTransactionManager transactions) {
        return new EventIntake(events, audit, clock, meters, new TransactionTemplate(transactions));
    }

    @Bean
    IntakeFailures intakeFailures(PartnerInbox inbox, ExceptionRecorder exceptions) {
        return new IntakeFailures(inbox, exceptions);
    }
}
