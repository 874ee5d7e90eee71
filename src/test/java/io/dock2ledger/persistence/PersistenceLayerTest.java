package io.dock2ledger.persistence;

import io.dock2ledger.audit.AuditTrail;
import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.canonical.CanonicalJson;
import io.dock2ledger.canonical.EventLine;
import io.dock2ledger.canonical.EventSource;
import io.dock2ledger.canonical.References;
import io.dock2ledger.config.MessageSizeLimit;
import io.dock2ledger.erp.InterfaceTableAdapter;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.HubException;
import io.dock2ledger.intake.EventIntake;
import io.dock2ledger.masterdata.JdbcMasterData;
import io.dock2ledger.masterdata.MasterDataLoader;
import io.dock2ledger.masterdata.MasterDataSeed;
import io.dock2ledger.posting.documents.DocumentKind;
import io.dock2ledger.posting.documents.FinanceDocument;
import io.dock2ledger.posting.documents.InvoiceLine;
import io.dock2ledger.posting.documents.JournalLine;
import io.dock2ledger.posting.documents.StoredDocument;
import io.dock2ledger.posting.store.FinanceDocumentStore;
import io.dock2ledger.posting.store.IdempotencyKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The hub's persistence layer behaves the same on H2 (embedded default) and PostgreSQL (production). */
class PersistenceLayerTest {


    private final Clock clock = Clock.systemUTC();

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#fresh")
    void masterDataLoadsIdempotentlyAndIsServedThroughTheCache(String name, Supplier<DataSource> database) {
        JdbcTemplate jdbc = new JdbcTemplate(database.get());
        MasterDataLoader loader = new MasterDataLoader(jdbc, new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource())));
        MasterDataSeed seed = new MasterDataSeed(Path.of("config/masterdata"));
        loader.load(seed);
        loader.load(seed);

        assertThat(jdbc.queryForObject("select count(*) from md_item", Integer.class)).isEqualTo(4);
        assertThat(jdbc.queryForObject("select count(*) from md_sales_order_line", Integer.class)).isEqualTo(7);
        JdbcMasterData md = new JdbcMasterData(jdbc, Duration.ofMinutes(1), 1000);
        assertThat(md.skuForPartnerItem("acme-3pl", "ACM-0001")).contains("MUG-RED");
        assertThat(md.baseUnitsPer("MUG-RED", "CA")).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("12"));
        assertThat(md.baseUnitsPer("MUG-RED", "EA")).contains(BigDecimal.ONE);
        assertThat(md.baseUnitsPer("MUG-RED", "PL")).isEmpty();
        assertThat(md.warehouseForPartnerLocation("acme-3pl", "NJ1")).hasValueSatisfying(w -> {
            assertThat(w.code()).isEqualTo("ACME-NJ");
            assertThat(w.timeZone().getId()).isEqualTo("America/New_York");
        });
        assertThat(md.salesOrder("SO-50001")).hasSize(2);
        assertThat(md.taxRate("NY", "STD")).hasValueSatisfying(r -> assertThat(r).isEqualByComparingTo("0.08"));
        assertThat(md.fiscalPeriods("US01")).first().satisfies(p -> {
            assertThat(p.period()).isEqualTo(YearMonth.of(2026, 10));
            assertThat(p.isOpen()).isFalse();
        });
        // Served from the cache: a row deleted behind its back is still answered until invalidated.
        jdbc.update("delete from md_partner_item_xref");
        assertThat(md.skuForPartnerItem("acme-3pl", "ACM-0001")).contains("MUG-RED");
        md.invalidate();
        assertThat(md.skuForPartnerItem("acme-3pl", "ACM-0001")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#fresh")
    void ledgerClaimsADocumentKeyOnce(String name, Supplier<DataSource> database) {
        IdempotencyKeys ledger = new IdempotencyKeys(new JdbcTemplate(database.get()));
        assertThat(ledger.claim("acme-3pl", "shipment.confirmed", "SHP-1", "f1", "e1", Instant.now())).isTrue();

        assertThat(ledger.claim("acme-3pl", "shipment.confirmed", "SHP-1", "f2", "e2", Instant.now()))
                .as("a key claimed before is not claimed again").isFalse();
        assertThat(ledger.find("acme-3pl", "shipment.confirmed", "SHP-1"))
                .hasValueSatisfying(e -> assertThat(e.fingerprint()).isEqualTo("f1"));
        assertThat(ledger.find("acme-3pl", "goods.received", "SHP-1")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#fresh")
    void aClaimWhileAnotherPostingHoldsTheKeyWaitsForItsCommitThenFindsTheKeyTaken(String name,
                                                                                 Supplier<DataSource> database)
            throws Exception {
        DataSource ds = database.get();
        IdempotencyKeys ledger = new IdempotencyKeys(new JdbcTemplate(ds));
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(ds);
        TransactionStatus first = transactions.getTransaction(TransactionDefinition.withDefaults());
        assertThat(ledger.claim("acme-3pl", "shipment.confirmed", "SHP-9", "f1", "e1", Instant.now())).isTrue();

        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> new TransactionTemplate(transactions)
                .execute(s -> ledger.claim("acme-3pl", "shipment.confirmed", "SHP-9", "f2", "e2", Instant.now())));
        // The second claim waits on the first posting's key, for as long as that holds it.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !second.isDone());
        transactions.commit(first);

        assertThat(second.get(10, TimeUnit.SECONDS)).as("taken once the first commits").isFalse();
        assertThat(ledger.find("acme-3pl", "shipment.confirmed", "SHP-9"))
                .hasValueSatisfying(e -> assertThat(e.eventId()).isEqualTo("e1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#fresh")
    void documentsAreNumberedStoredReadBackAndWrittenToTheInterfaceTablesOnce(String name, Supplier<DataSource> database) {
        JdbcTemplate jdbc = new JdbcTemplate(database.get());
        FinanceDocumentStore store = new FinanceDocumentStore(jdbc, clock);
        InterfaceTableAdapter adapter = new InterfaceTableAdapter(jdbc, clock);

        StoredDocument first = store.save(invoice("SHP-1"), adapter::deliver);
        StoredDocument second = store.save(invoice("SHP-2"), stored -> "pending:rest");
        StoredDocument journal = store.save(cogs("SHP-1"), stored -> "pending:rest");
        assertThat(first.documentNumber()).isEqualTo("INV-US01-000001");
        assertThat(second.documentNumber()).isEqualTo("INV-US01-000002");
        assertThat(journal.documentNumber()).isEqualTo("JE-US01-000001");
        assertThat(first.erpReference()).isNotBlank();

        adapter.deliver(first); // a second delivery of the same document writes nothing
        assertThat(jdbc.queryForObject("select count(*) from erp_if_invoice_header", Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from erp_if_invoice_line", Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from erp_if_journal_line", Integer.class)).isEqualTo(3);
        assertThat(jdbc.queryForObject("select total_amount from erp_if_invoice_header", BigDecimal.class))
                .isEqualByComparingTo("443.02");

        List<StoredDocument> read = store.bySource("SHP-1");
        assertThat(read).extracting(StoredDocument::documentNumber).containsExactly("INV-US01-000001", "JE-US01-000001");
        assertThat(read.get(0).status()).isEqualTo("POSTED");
        assertThat(read.get(0).erpReference()).isEqualTo(first.erpReference());
        assertThat(read.get(1).erpReference()).isEqualTo("pending:rest");
        assertThat(read.get(0).document().invoiceLines()).hasSize(1);
        assertThat(read.get(0).document().journalLines()).extracting(JournalLine::account).containsExactly("1100", "4000", "2200");
        assertThat(read.get(0).document().total()).isEqualByComparingTo("443.02");
        assertThat(read.get(1).document().isBalanced()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#fresh")
    void theDatabaseRefusesAnUnbalancedDocument(String name, Supplier<DataSource> database) {
        JdbcTemplate jdbc = new JdbcTemplate(database.get());
        assertThatThrownBy(() -> jdbc.update("""
                insert into finance_document (id, document_number, kind, journal_kind, entity, currency, posting_date,
                    period, period_adjusted, event_id, source_partner, source_event_type, source_document, total_debit,
                    total_credit, status, created_at)
                values (1, 'X', 'JOURNAL', 'COGS', 'US01', 'USD', date '2026-11-26', '2026-11', false, 'e', 'p', 't', 's',
                    10.00, 9.99, 'STORED', current_timestamp)"""))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#fresh")
    void canonicalEventsAndTheirAuditTrailAreKeptOncePerEventId(String name, Supplier<DataSource> database) {
        JdbcTemplate jdbc = new JdbcTemplate(database.get());
        CanonicalEventStore events = new CanonicalEventStore(jdbc, CanonicalJson.newMapper());
        AuditTrail audit = new AuditTrail(jdbc, clock);
        CanonicalEvent event = new CanonicalEvent("evt-1", "shipment.confirmed", "1.0",
                new EventSource("acme-3pl", null, "file", "shipment-csv", "SHP-1", null), "2026-11-26",
                LocalDate.of(2026, 11, 26), Instant.parse("2026-11-27T10:00:00Z"), "ACME-NJ", null,
                References.NONE, List.of(), null);

        assertThat(events.storeIfAbsent(event)).isTrue();
        assertThat(events.storeIfAbsent(event)).isFalse();
        assertThat(events.find("evt-1")).contains(event);
        audit.record("evt-1", AuditTrail.Stage.RECEIVED, "first");
        audit.record("evt-1", AuditTrail.Stage.POSTED, "second");
        assertThat(audit.of("evt-1")).extracting(AuditTrail.Entry::stage)
                .containsExactly(AuditTrail.Stage.RECEIVED, AuditTrail.Stage.POSTED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#fresh")
    void anEventsIntakeStagesAreItsOwnRowAndAnArrivalAgainIsRecordedInAuditRows(String name,
                                                                               Supplier<DataSource> database) {
        DataSource dataSource = database.get();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        Instant receivedAt = Instant.parse("2026-11-27T10:00:00Z");
        Instant acceptedAt = Instant.parse("2026-11-27T10:00:02Z");
        Clock fixed = Clock.fixed(acceptedAt, java.time.ZoneOffset.UTC);
        CanonicalEventStore events = new CanonicalEventStore(jdbc, CanonicalJson.newMapper());
        AuditTrail audit = new AuditTrail(jdbc, fixed);
        EventIntake intake = new EventIntake(events, audit, fixed, new SimpleMeterRegistry(),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                new MessageSizeLimit(DataSize.ofMegabytes(4)));
        CanonicalEvent event = new CanonicalEvent("evt-stages", "shipment.confirmed", "1.0",
                new EventSource("acme-3pl", null, "file", "shipment-csv", "SHP-2", "raw-7"), "2026-11-26",
                LocalDate.of(2026, 11, 26), receivedAt, "ACME-NJ", null, References.NONE, List.of(), null);

        String queued = intake.store(event);

        assertThat(jdbc.queryForObject("select p.payload from canonical_event e "
                + CanonicalEventStore.WITH_PAYLOAD + " where e.event_id = 'evt-stages'", String.class))
                .as("the stored payload is the queued message").isEqualTo(queued);
        assertThat(jdbc.queryForObject("select count(*) from event_audit where event_id = 'evt-stages'", Integer.class))
                .as("a new event's first stages are its own row").isZero();
        assertThat(audit.of("evt-stages")).containsExactly(
                new AuditTrail.Entry("evt-stages", AuditTrail.Stage.RECEIVED, receivedAt, "file shipment-csv, raw file raw-7"),
                new AuditTrail.Entry("evt-stages", AuditTrail.Stage.MAPPED, acceptedAt, "mapping of acme-3pl"),
                new AuditTrail.Entry("evt-stages", AuditTrail.Stage.VALIDATED, acceptedAt, "schema shipment.confirmed v1.0"));

        audit.record("evt-stages", AuditTrail.Stage.POSTED, "posted");
        intake.store(event);

        assertThat(audit.of("evt-stages")).extracting(AuditTrail.Entry::stage, AuditTrail.Entry::detail).containsExactly(
                tuple(AuditTrail.Stage.RECEIVED, "file shipment-csv, raw file raw-7"),
                tuple(AuditTrail.Stage.MAPPED, "mapping of acme-3pl"),
                tuple(AuditTrail.Stage.VALIDATED, "schema shipment.confirmed v1.0"),
                tuple(AuditTrail.Stage.POSTED, "posted"),
                tuple(AuditTrail.Stage.RECEIVED, "file shipment-csv, raw file raw-7 (seen before)"),
                tuple(AuditTrail.Stage.MAPPED, "mapping of acme-3pl"),
                tuple(AuditTrail.Stage.VALIDATED, "schema shipment.confirmed v1.0"));
        assertThat(jdbc.queryForObject("select count(*) from canonical_event where event_id = 'evt-stages'", Integer.class))
                .isOne();
    }

    /**
     * An event whose posting message would be larger than the broker takes as an ordinary message is refused before
     * anything of it is stored (the hub never sends a large message, MessageSizeLimit); one character less is stored.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#fresh")
    void anEventTooLargeForOnePostingMessageIsRefusedBeforeItIsStored(String name, Supplier<DataSource> database) {
        DataSource dataSource = database.get();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        Clock fixed = Clock.fixed(Instant.parse("2026-11-27T10:00:02Z"), java.time.ZoneOffset.UTC);
        CanonicalEventStore events = new CanonicalEventStore(jdbc, CanonicalJson.newMapper());
        MessageSizeLimit limit = new MessageSizeLimit(DataSize.ofKilobytes(256));
        EventIntake intake = new EventIntake(events, new AuditTrail(jdbc, fixed), fixed, new SimpleMeterRegistry(),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)), limit);
        // Lines of the same length, then a lot number sized so that the JSON is exactly the limit, then one more.
        List<EventLine> lines = new java.util.ArrayList<>();
        for (int i = 1; i <= 600; i++) {
            lines.add(new EventLine(i, "ACM-" + (1000 + i), "MUG-RED", new BigDecimal("3"), "CA", new BigDecimal("36"),
                    "EA", null, null, null, null));
        }
        CanonicalEvent large = shipmentWith("evt-large", lines);
        int room = limit.maxTextLength() - events.toJson(large).length();
        assertThat(room).as("600 lines are under the limit").isPositive();
        lines.set(0, new EventLine(1, "ACM-1001", "MUG-RED", new BigDecimal("3"), "CA", new BigDecimal("36"), "EA",
                "L".repeat(room - ",\"lot\":\"\"".length()), null, null, null));
        CanonicalEvent atTheLimit = shipmentWith("evt-large", lines);
        assertThat(events.toJson(atTheLimit)).hasSize(limit.maxTextLength());
        lines.set(0, new EventLine(1, "ACM-1001", "MUG-RED", new BigDecimal("3"), "CA", new BigDecimal("36"), "EA",
                "L".repeat(room - ",\"lot\":\"\"".length() + 1), null, null, null));
        CanonicalEvent overTheLimit = shipmentWith("evt-bulky", lines);

        assertThatThrownBy(() -> intake.store(overTheLimit))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.category())
                        .isEqualTo(ExceptionCategory.EVENT_TOO_LARGE))
                .hasMessageContaining("shipment.confirmed SHP-LARGE with 600 lines is " + (limit.maxTextLength() + 1)
                        + " characters of JSON, more than the " + limit.maxTextLength() + " one posting message may carry"
                        + " (dock2ledger.broker.max-message-size 256KB)");
        assertThat(jdbc.queryForObject("select count(*) from canonical_event where event_id = 'evt-bulky'",
                Integer.class)).as("nothing stored").isZero();

        assertThat(intake.store(atTheLimit)).hasSize(limit.maxTextLength());
        assertThat(jdbc.queryForObject("select count(*) from canonical_event where event_id = 'evt-large'",
                Integer.class)).isOne();
    }

    private static CanonicalEvent shipmentWith(String eventId, List<EventLine> lines) {
        return new CanonicalEvent(eventId, "shipment.confirmed", "1.0",
                new EventSource("acme-3pl", null, "file", "shipment-csv", "SHP-LARGE", "raw-8"), "2026-11-26",
                LocalDate.of(2026, 11, 26), Instant.parse("2026-11-27T10:00:00Z"), "ACME-NJ", null, References.NONE,
                List.copyOf(lines), null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#fresh")
    void twoHubInstancesCannotBothTakeTheSameFile(String name, Supplier<DataSource> database) throws Exception {
        DataSource shared = database.get();
        JdbcMessageIdRepository hubA = readLocks(shared);
        JdbcMessageIdRepository hubB = readLocks(shared);
        String file = "/data/partners/acme-3pl/inbox/" + "x".repeat(200) + "/shipments_SHP-9001.csv";

        assertThat(hubA.add(file)).as("first instance takes the file").isTrue();
        assertThat(hubB.add(file)).as("second instance must skip it").isFalse();
        assertThat(hubB.contains(file)).isTrue();
        assertThat(hubA.remove(file)).as("released once moved").isTrue();
        assertThat(hubB.add(file)).as("a new file of the same name can be taken again").isTrue();
        hubA.stop();
        hubB.stop();
    }

    private static JdbcMessageIdRepository readLocks(DataSource dataSource) throws Exception {
        JdbcMessageIdRepository locks = new JdbcMessageIdRepository(dataSource, "partner-inbox-to-canonical");
        locks.setCreateTableIfNotExists(false);
        locks.start();
        return locks;
    }

    private static FinanceDocument invoice(String source) {
        return new FinanceDocument(DocumentKind.INVOICE, "AR_INVOICE", "US01", "USD", LocalDate.of(2026, 11, 26),
                "2026-11", false, "evt-" + source, "acme-3pl", "shipment.confirmed", source, "CUST-1001", "SO-50001",
                new BigDecimal("410.20"), new BigDecimal("32.82"), new BigDecimal("443.02"),
                List.of(new InvoiceLine(1, "MUG-RED", new BigDecimal("36"), "EA", new BigDecimal("4.95"),
                        new BigDecimal("178.20"), new BigDecimal("0.08"), new BigDecimal("14.26"), 1)),
                List.of(new JournalLine(1, "1100", new BigDecimal("443.02"), BigDecimal.ZERO, null, null),
                        new JournalLine(2, "4000", BigDecimal.ZERO, new BigDecimal("410.20"), null, null),
                        new JournalLine(3, "2200", BigDecimal.ZERO, new BigDecimal("32.82"), null, null)));
    }

    private static FinanceDocument cogs(String source) {
        return new FinanceDocument(DocumentKind.JOURNAL, "COGS", "US01", "USD", LocalDate.of(2026, 11, 26),
                "2026-11", false, "evt-" + source, "acme-3pl", "shipment.confirmed", source, null, "SO-50001",
                null, null, null, List.of(),
                List.of(new JournalLine(1, "5000", new BigDecimal("204.40"), BigDecimal.ZERO, null, null),
                        new JournalLine(2, "1200", BigDecimal.ZERO, new BigDecimal("204.40"), null, null)));
    }
}
