package io.dock2ledger.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.CanonicalJson;
import io.dock2ledger.canonical.CanonicalSchemas;
import io.dock2ledger.canonical.EventFingerprint;
import io.dock2ledger.edi.EdiIntake;
import io.dock2ledger.edi.EdiReadReport;
import io.dock2ledger.edi.store.InMemoryControlNumbers;
import io.dock2ledger.edi.store.InMemoryInterchangeRegistry;
import io.dock2ledger.edi.syntax.TransactionSchemas;
import io.dock2ledger.exceptions.HubException;
import io.dock2ledger.intake.read.CsvDocuments;
import io.dock2ledger.intake.read.EdiDocuments;
import io.dock2ledger.intake.read.InboundDocuments;
import io.dock2ledger.intake.read.InboundFile;
import io.dock2ledger.mapping.DocumentsWithoutEvents;
import io.dock2ledger.mapping.EventEnricher;
import io.dock2ledger.mapping.EventPreparation;
import io.dock2ledger.mapping.InboundDocument;
import io.dock2ledger.mapping.NoEventsMapped;
import io.dock2ledger.mapping.PartnerMappings;
import io.dock2ledger.masterdata.InMemoryMasterData;
import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.masterdata.MasterDataSeed;
import io.dock2ledger.partners.Partner;
import io.dock2ledger.partners.PartnerDocument;
import io.dock2ledger.partners.PartnerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

/**
 * A partner's mapping run on one file exactly as the hub runs it: the same readers, and the hub's own map-document and
 * prepare-event routes (routes/*.camel.yaml) in a small CamelContext of their own, but with master data from the seed
 * files, in-memory EDI stores and nothing stored or queued (no broker, no database): the mapping developer loop
 * ({@link MappingCommand}) and the mapping sample tests.
 */
public final class MappingRun implements AutoCloseable {

    /** The routes a mapping run needs from routes/: the pure steps every channel's documents take. */
    static final List<String> ROUTES = List.of("map-document", "prepare-event");

    /** What one business document of the file became. */
    public record DocumentResult(String documentType, int position, List<CanonicalEvent> events, List<String> problems) {
    }

    /** What the whole file became; {@code fileProblems} are problems with the file (or EDI envelope) as a whole. */
    public record FileResult(String partner, String documentType, List<DocumentResult> documents,
                             List<String> fileProblems, List<String> acknowledgments) {

        public List<CanonicalEvent> events() {
            return documents.stream().flatMap(d -> d.events().stream()).toList();
        }

        public List<String> problems() {
            List<String> all = new ArrayList<>(fileProblems);
            documents.forEach(d -> all.addAll(d.problems()));
            return all;
        }
    }

    private final PartnerRegistry partners;
    private final InboundDocuments inboundDocuments;
    private final Supplier<EdiDocuments> ediDocuments;
    private final CamelContext camel;
    private final ProducerTemplate routes;

    /**
     * @param ediDocuments a fresh EDI reader per run: a developer runs the same sample again and again, which the hub
     *                     would rightly refuse as a duplicate interchange
     * @param camel        a started context with the {@link #ROUTES}
     */
    public MappingRun(PartnerRegistry partners, InboundDocuments inboundDocuments, Supplier<EdiDocuments> ediDocuments,
                      CamelContext camel) {
        this.partners = partners;
        this.inboundDocuments = inboundDocuments;
        this.ediDocuments = ediDocuments;
        this.camel = camel;
        this.routes = camel.createProducerTemplate();
    }

    /**
     * Everything read from a project folder: {@code config/partners}, {@code config/masterdata}, {@code mappings/}, and
     * the routes from {@code routes/} (or {@code -Ddock2ledger.routes-dir}).
     */
    public static MappingRun fromProject(Path configDir, Path mappingsDir, Clock clock) {
        return fromProject(configDir, mappingsDir, Path.of(System.getProperty("dock2ledger.routes-dir", "routes")), clock);
    }

    public static MappingRun fromProject(Path configDir, Path mappingsDir, Path routesDir, Clock clock) {
        ObjectMapper json = CanonicalJson.newMapper();
        MasterData masterData = new InMemoryMasterData(new MasterDataSeed(configDir.resolve("masterdata")));
        PartnerRegistry partners = new PartnerRegistry(configDir.resolve("partners"));
        EventPreparation preparation = new EventPreparation(new PartnerMappings(mappingsDir, json),
                new EventEnricher(masterData, id -> partners.partner(id).map(Partner::locations).orElse(java.util.Map.of())),
                new CanonicalSchemas(mappingsDir.resolve("canonical")), new EventFingerprint(json), json, clock);
        TransactionSchemas schemas = new TransactionSchemas();
        return new MappingRun(partners,
                new InboundDocuments(new CsvDocuments(json), json),
                () -> new EdiDocuments(new EdiIntake(schemas, new InMemoryControlNumbers(),
                        new InMemoryInterchangeRegistry(Duration.ofDays(30)), clock)),
                mappingRoutes(routesDir, preparation));
    }

    /** The hub's map-document and prepare-event routes, with the beans they call, in a context of their own. */
    private static CamelContext mappingRoutes(Path routesDir, EventPreparation preparation) {
        CamelContext camel = new DefaultCamelContext();
        camel.getRegistry().bind("eventPreparation", preparation);
        camel.getRegistry().bind("documentsWithoutEvents", new DocumentsWithoutEvents(new SimpleMeterRegistry()));
        camel.getRegistry().bind("noEventsMapped", new NoEventsMapped());
        try {
            for (String route : ROUTES) {
                Path file = routesDir.resolve(route + ".camel.yaml");
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("No route file " + file + " (run from the project folder, or set "
                            + "-Ddock2ledger.routes-dir)");
                }
                PluginHelper.getRoutesLoader(camel).loadRoutes(
                        ResourceHelper.resolveMandatoryResource(camel, "file:" + file.toAbsolutePath()));
            }
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot load the mapping routes from " + routesDir + ": " + e.getMessage(), e);
        }
        camel.start();
        return camel;
    }

    /** Stops the routes' context. */
    @Override
    public void close() {
        camel.stop();
    }

    /** Runs the file as the document type its name matches in the partner's file patterns. */
    public FileResult run(String partnerId, Path file) {
        Partner partner = partner(partnerId);
        String fileName = file.getFileName().toString();
        PartnerDocument document = partner.documentForFile(fileName).orElseThrow(() -> new IllegalArgumentException(
                "File " + fileName + " matches none of the file patterns of " + partnerId + ": "
                        + partner.documents().stream().map(d -> d.name() + " " + d.filePattern()).toList()
                        + " (name the document type as a third argument)"));
        return run(partner, document, file);
    }

    /** Runs the file as the named document type of the partner. */
    public FileResult run(String partnerId, String documentName, Path file) {
        Partner partner = partner(partnerId);
        PartnerDocument document = partner.documents().stream().filter(d -> d.name().equals(documentName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Partner " + partnerId + " has no document type "
                        + documentName + " (it has " + partner.documents().stream().map(PartnerDocument::name).toList() + ")"));
        return run(partner, document, file);
    }

    private FileResult run(Partner partner, PartnerDocument document, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No file " + file);
        }
        InboundFile inbound = new InboundFile(null, partner.id(), document, file, null, 0, null, null);
        List<DocumentResult> results = new ArrayList<>();
        List<String> fileProblems = new ArrayList<>();
        List<String> acks = new ArrayList<>();
        if (document.edi()) {
            EdiReadReport report;
            try (EdiDocuments.Read read = ediDocuments.get().open(inbound, partner, (d, refusal) -> results.add(
                    new DocumentResult(d.documentType(), results.size() + 1, List.of(),
                            List.of(refusal.category() + ": " + refusal.getMessage()))))) {
                while (read.hasNext()) {
                    results.add(prepare(read.next(), results.size() + 1));
                }
                report = read.report();
            }
            report.fileProblems().forEach(p -> fileProblems.add("MALFORMED_FILE: " + p.reason()));
            if (!report.interchanges().isEmpty() && !report.rejectionReasons().isBlank()) {
                fileProblems.add("EDI_REJECTED: " + report.rejectionReasons().replace("\n", "; "));
            }
            report.acknowledgments().forEach(a -> acks.add(a.kind() + " " + a.fileName()));
        } else {
            try {
                Iterator<InboundDocument> documents = inboundDocuments.read(inbound);
                while (documents.hasNext()) {
                    results.add(prepare(documents.next(), results.size() + 1));
                }
            } catch (HubException e) {
                fileProblems.add(e.category() + ": " + e.getMessage());
            }
        }
        return new FileResult(partner.id(), document.name(), results, fileProblems, acks);
    }

    private DocumentResult prepare(InboundDocument document, int position) {
        List<CanonicalEvent> events = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try {
            for (Object mapped : send("direct:map-document", document, List.class)) {
                try {
                    events.add(send("direct:prepare-event", mapped, CanonicalEvent.class));
                } catch (HubException e) {
                    problems.add(e.category() + ": " + e.getMessage());
                }
            }
        } catch (HubException e) {
            problems.add(e.category() + ": " + e.getMessage());
        }
        return new DocumentResult(document.documentType(), position, events, problems);
    }

    /** Runs a route; a refusal (HubException) comes back as thrown, like a direct call. */
    private <T> T send(String route, Object body, Class<T> type) {
        Exchange done = routes.send(route, ExchangePattern.InOut, exchange -> exchange.getIn().setBody(body));
        if (done.getException() != null) {
            HubException refusal = done.getException(HubException.class);
            if (refusal != null) {
                throw refusal;
            }
            throw new IllegalStateException(route + " failed: " + done.getException().getMessage(), done.getException());
        }
        return done.getMessage().getBody(type);
    }

    private Partner partner(String partnerId) {
        return partners.partner(partnerId).orElseThrow(() -> new IllegalArgumentException(
                "No partner " + partnerId + " in config/partners (there are " + partners.all().stream().map(Partner::id).toList() + ")"));
    }
}
