package io.dock2ledger.intake;

import io.dock2ledger.partners.Partner;
import io.dock2ledger.partners.PartnerRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.EventNotifier;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The routes that exist once per partner, instantiated from YAML route templates with the partner's settings from
 * the registry:
 * <ul>
 *   <li>{@code partner-inbox-<id>} from {@code partner-inbox-to-canonical}, for every partner: each inbox has its own
 *   consumer, so one partner's large file never holds back another's, and a partner's files are read in order;</li>
 *   <li>{@code partner-queue-<id>} from {@code partner-queue-to-canonical}, for partners that declare the jms channel.</li>
 * </ul>
 * {@link #sync} adds the routes of new partners, replaces a route whose settings changed and removes the routes of
 * partners that left the registry. The route {@code partner-routes-sync} calls it after each change of a partner file,
 * so a new partner is a YAML file, not code and not a restart. At start it runs before Camel starts, once the route
 * files (and so the templates) are loaded ({@link #beforeCamelStarts}): the partner routes start with all the others,
 * so health is UP (the Camel context started) only once every partner's inbox consumer runs. Before, they were added
 * on {@code CamelContextStartedEvent}, a second or more after UP. It runs again after Camel's route reload
 * (development), which removes every route, these templated ones included: {@link #atStartAndAfterRouteReload}.
 * <p>
 * Camel's route reload also removes every route template and loads again only the files that hold routes, so after an
 * edit of any route file the two template files were gone and every partner's inbox stayed stopped, silently but for
 * a warning. A template that is missing is therefore loaded again from its file in the routes folder.
 */
public class PartnerRoutes {

    private static final Logger log = LoggerFactory.getLogger(PartnerRoutes.class);
    static final String INBOX_TEMPLATE = "partner-inbox-to-canonical";
    static final String INBOX_PREFIX = "partner-inbox-";
    static final String QUEUE_TEMPLATE = "partner-queue-to-canonical";
    static final String QUEUE_PREFIX = "partner-queue-";

    /** A route this class keeps: its template and the parameters it was instantiated with. */
    private record Wanted(String template, Map<String, Object> parameters) {
    }

    private final CamelContext camel;
    private final PartnerRegistry partners;
    /** Where the template files are ({@code <template>.camel.yaml}); null: templates are only taken as loaded. */
    private final Path routesDir;
    /** route id to what it was created with, for the routes this class created */
    private final Map<String, Wanted> routes = new HashMap<>();

    public PartnerRoutes(CamelContext camel, PartnerRegistry partners) {
        this(camel, partners, null);
    }

    public PartnerRoutes(CamelContext camel, PartnerRegistry partners, Path routesDir) {
        this.camel = camel;
        this.partners = partners;
        this.routesDir = routesDir;
    }

    /**
     * Adds the partner routes while Camel is about to start: camel-spring-boot calls this after it loaded the route
     * files (the templates are there) and before it starts the context, so these routes start together with the rest
     * and the context, and health with it, is started only once they are.
     */
    public CamelContextConfiguration beforeCamelStarts() {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                try {
                    sync();
                } catch (Exception e) {
                    throw new IllegalStateException("Partner routes could not be added before Camel started", e);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
            }
        };
    }

    /**
     * Syncs when Camel has started (a no-op when {@link #beforeCamelStarts} already added every route) and after Camel
     * reloaded the route files: a route
     * reload removes all routes and templates and adds those of the files again, so the per-partner routes must be
     * created again from the reloaded templates.
     */
    public EventNotifier atStartAndAfterRouteReload() {
        return new SimpleEventNotifierSupport() {
            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.CamelContextStartedEvent
                        || event instanceof CamelEvent.RouteReloadedEvent;
            }

            @Override
            public void notify(CamelEvent event) throws Exception {
                sync();
            }
        };
    }

    /** Brings the per-partner routes in line with the registry. */
    public synchronized void sync() throws Exception {
        Map<String, Wanted> wanted = new HashMap<>();
        for (Partner partner : partners.all()) {
            wanted.put(INBOX_PREFIX + partner.id(), new Wanted(INBOX_TEMPLATE, Map.of("partner", partner.id())));
            if (partner.uses("jms")) {
                wanted.put(QUEUE_PREFIX + partner.id(), new Wanted(QUEUE_TEMPLATE,
                        Map.of("partner", partner.id(), "queue", partner.queueName())));
            }
        }
        for (Map.Entry<String, Wanted> existing : Map.copyOf(routes).entrySet()) {
            String routeId = existing.getKey();
            boolean gone = camel.getRoute(routeId) == null;
            if (gone || !existing.getValue().equals(wanted.get(routeId))) {
                if (!gone) {
                    camel.getRouteController().stopRoute(routeId);
                    camel.removeRoute(routeId);
                    log.info("Stopped route {} ({})", routeId, existing.getValue().parameters());
                }
                routes.remove(routeId);
            }
        }
        for (Map.Entry<String, Wanted> route : wanted.entrySet()) {
            if (!routes.containsKey(route.getKey())) {
                add(route.getKey(), route.getValue());
            }
        }
    }

    private void add(String routeId, Wanted route) throws Exception {
        if (camel.getRoute(routeId) != null) {
            camel.getRouteController().stopRoute(routeId);
            camel.removeRoute(routeId);
        }
        if (camel instanceof ModelCamelContext model && model.getRouteTemplateDefinition(route.template()) == null
                && !loadTemplate(model, route.template())) {
            log.warn("Route template {} is not loaded (routes/{}.camel.yaml): route {} is not started yet",
                    route.template(), route.template(), routeId);
            return;
        }
        TemplatedRouteBuilder builder = TemplatedRouteBuilder.builder(camel, route.template())
                .routeId(routeId)
                // step ids of the template stay unique per partner: partner-inbox-acme-3pl-split-documents
                .prefixId(routeId + "-");
        route.parameters().forEach(builder::parameter);
        builder.add();
        routes.put(routeId, route);
        log.info("Started route {} from template {} with {}", routeId, route.template(), route.parameters());
    }

    /** Loads a template again from its file after a route reload dropped it; true if it is there now. */
    private boolean loadTemplate(ModelCamelContext model, String template) throws Exception {
        Path file = routesDir == null ? null : routesDir.resolve(template + ".camel.yaml");
        if (file == null || !Files.isRegularFile(file)) {
            return false;
        }
        PluginHelper.getRoutesLoader(camel).loadRoutes(
                ResourceHelper.resolveMandatoryResource(camel, "file:" + file.toAbsolutePath()));
        log.info("Loaded route template {} again from {}", template, file);
        return model.getRouteTemplateDefinition(template) != null;
    }
}
