package io.dock2ledger.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.audit.AuditTrail;
import io.dock2ledger.config.MessageSizeLimit;
import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.config.HubInstance;
import io.dock2ledger.config.HubProperties;
import io.dock2ledger.edi.EdiIntake;
import io.dock2ledger.exceptions.ExceptionRecorder;
import io.dock2ledger.intake.read.CsvDocuments;
import io.dock2ledger.intake.sftp.CompletedUploads;
import io.dock2ledger.intake.read.EdiDocuments;
import io.dock2ledger.intake.read.InboundDocuments;
import io.dock2ledger.mapping.EventPreparation;
import io.dock2ledger.outbound.PartnerAcknowledgments;
import io.dock2ledger.mapping.DocumentsWithoutEvents;
import io.dock2ledger.mapping.NoEventsMapped;
import io.dock2ledger.mapping.EventEnricher;
import io.dock2ledger.mapping.PartnerMappings;
import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.outbound.PartnerOutbox;
import io.dock2ledger.partners.PartnerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.connection.JmsTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;

/**
 * The beans the intake routes call by name (partnerInbox, inboundDocuments, ediFiles, partnerMessages, eventPreparation,
 * documentsWithoutEvents, eventIntake, intakeFailures, partnerRoutes).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IntakeProperties.class)
public class IntakeConfiguration {

    /**
     * Read locks of the partner inbox routes shared by every hub instance on the same database: a file is read by the
     * instance whose claim on its path lands first (see FileReadLocks for why not Camel's JDBC repository), never by
     * two at once. The holder renews its locks while it reads; the lock of an instance killed mid-file (kill -9 leaves
     * its row behind) is taken over once it has not been renewed for the maximum age, so the file is read again.
     */
    @Bean(destroyMethod = "close")
    FileReadLocks fileReadLocks(JdbcTemplate jdbc, HubInstance instance, Clock clock, IntakeProperties properties) {
        return new FileReadLocks(jdbc, "partner-inbox-to-canonical", instance, clock, properties.readLockMaxAge(),
                properties.readLockKeepAlive());
    }

    /**
     * Wakes a partner's inbox route when its SFTP upload completes or a file appears in its inbox (the routes' poll
     * scheduler, InboxPollScheduler, registers here); the periodic poll stays as the fallback.
     */
    @Bean(destroyMethod = "close")
    InboxWakeUps inboxWakeUps(CompletedUploads uploads, IntakeProperties properties) {
        return new InboxWakeUps(uploads, properties.watchInboxes());
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
    InboundDocuments inboundDocuments(ObjectMapper json, JdbcTemplate jdbc, EventPreparation preparation) {
        // The count feeds the file progress (GET /api/v1/files/{id}, the workbench's files in flight). A CSV file's
        // documents are mapped ahead on dock2ledger.mapping.threads threads while this one stores and queues them.
        return new InboundDocuments(new CsvDocuments(json), json, documentCount(jdbc), preparation::readAhead);
    }

    private static InboundDocuments.DocumentCount documentCount(JdbcTemplate jdbc) {
        return (file, documents) ->
                jdbc.update("update raw_file set document_count = ? where id = ?", documents, file.rawFileId());
    }

    /** A partner learns which documents of its file failed: a .reason notice in its outbox/ (docs/partners.md). */
    @Bean
    PartnerFailureNotices partnerFailureNotices(JdbcTemplate jdbc, HubProperties hub) {
        return new PartnerFailureNotices(jdbc, hub);
    }

    @Bean
    EdiFiles ediFiles(EdiIntake ediIntake, PartnerRegistry partners, PartnerInbox inbox, PartnerOutbox outbox,
                      ExceptionRecorder exceptions, JdbcTemplate jdbc) {
        return new EdiFiles(new EdiDocuments(ediIntake), partners, inbox, outbox, exceptions, documentCount(jdbc));
    }

    @Bean
    PartnerMessages partnerMessages(PartnerRegistry partners, PartnerInbox inbox, ObjectMapper json) {
        return new PartnerMessages(partners, inbox, json);
    }

    @Bean
    StuckInboxFiles stuckInboxFiles(HubProperties hub, PartnerRegistry partners, IntakeFailures intakeFailures,
                                    CamelContext camel, Clock clock, JdbcTemplate jdbc, IntakeProperties properties) {
        return new StuckInboxFiles(hub, partners, intakeFailures, camel, clock, properties.stuckAfter(), jdbc,
                properties.readLockMaxAge());
    }

    /** Synced by the route partner-routes-sync on each partner file change, and at start and after a route reload. */
    @Bean
    PartnerRoutes partnerRoutes(CamelContext camel, PartnerRegistry partners, HubProperties hub) {
        PartnerRoutes routes = new PartnerRoutes(camel, partners, hub.routesDir());
        camel.getManagementStrategy().addEventNotifier(routes.atStartAndAfterRouteReload());
        return routes;
    }

    /** The partner routes are added before Camel starts, so health (Camel started) is UP only once they run. */
    @Bean
    CamelContextConfiguration partnerRoutesBeforeCamelStarts(PartnerRoutes partnerRoutes) {
        return partnerRoutes.beforeCamelStarts();
    }

    /** Counts the documents whose mapping says they carry nothing for finance (routes/map-document.camel.yaml). */
    @Bean
    DocumentsWithoutEvents documentsWithoutEvents(MeterRegistry meters) {
        return new DocumentsWithoutEvents(meters);
    }

    /** The filter in front of it: did the mapping answer []? */
    @Bean
    NoEventsMapped noEventsMapped() {
        return new NoEventsMapped();
    }

    /** The posting message's group (routes/event-to-posting-queue.camel.yaml). */
    @Bean
    BusinessKeyOfEvent businessKeyOfEvent() {
        return new BusinessKeyOfEvent();
    }

    @Bean
    EventIntake eventIntake(CanonicalEventStore events, AuditTrail audit, Clock clock, MeterRegistry meters,
                            PlatformTransactionManager transactions, MessageSizeLimit largestMessage,
                            IntakeChunks chunks) {
        // NESTED: a savepoint of the file's chunk transaction (IntakeChunks), so a failed store is retried alone; a
        // transaction of its own where there is no chunk (EDI sets, partner messages, webhooks).
        TransactionTemplate eventTransaction = new TransactionTemplate(transactions);
        eventTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        return new EventIntake(events, audit, clock, meters, eventTransaction, largestMessage, chunks);
    }

    /**
     * Commits a large file's queued events in chunks (routes/partner-inbox-to-canonical.camel.yaml), and ends the file
     * at a chunk once Camel's context is stopping (looked up when asked: the routes that use this bean are the
     * context's).
     */
    @Bean
    IntakeChunks intakeChunks(JmsTransactionManager jmsTransactionManager, PlatformTransactionManager transactions,
                              IntakeProperties properties, PostingBacklog postingBacklog,
                              ObjectProvider<CamelContext> camel) {
        return new IntakeChunks(jmsTransactionManager.getConnectionFactory(), transactions, properties.commitEvery(),
                properties.commitEveryBytes().toBytes(), postingBacklog, () -> {
                    CamelContext context = camel.getIfAvailable();
                    return context != null && context.isStopping();
                });
    }

    /**
     * How far intake may run ahead of posting: bounded on the embedded broker, whose waiting events live in the hub's
     * heap (PostingBacklog); unbounded with an external broker, which holds them in its own.
     */
    @Bean
    PostingBacklog postingBacklog(ObjectProvider<EmbeddedActiveMQ> embeddedBroker, IntakeProperties properties,
                                  MeterRegistry meters) {
        EmbeddedActiveMQ broker = embeddedBroker.getIfAvailable();
        if (broker == null || properties.maxPostingBacklog() <= 0) {
            LoggerFactory.getLogger(PostingBacklog.class).info("Intake is not held back by the posting backlog ({})",
                    broker == null ? "external broker" : "dock2ledger.intake.max-posting-backlog=0");
            return PostingBacklog.NONE;
        }
        LoggerFactory.getLogger(PostingBacklog.class).info("Intake waits while more than {} events or {} wait to post",
                properties.maxPostingBacklog(), properties.maxPostingBacklogBytes());
        EmbeddedPostingQueue queue = new EmbeddedPostingQueue(broker);
        return new PostingBacklog(queue, properties.maxPostingBacklog(), queue::bytes,
                properties.maxPostingBacklogBytes().toBytes(), properties.postingBacklogMaxWait(), meters);
    }

    @Bean
    IntakeFailures intakeFailures(PartnerInbox inbox, ExceptionRecorder exceptions) {
        return new IntakeFailures(inbox, exceptions);
    }
}
