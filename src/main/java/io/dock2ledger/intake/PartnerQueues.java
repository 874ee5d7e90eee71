package io.dock2ledger.intake;

import io.dock2ledger.partners.Partner;
import io.dock2ledger.partners.PartnerRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * One consumer route per message partner, instantiated from the YAML route template {@code partner-queue-to-canonical}
 * with the partner's id and queue from the registry. {@link #sync} adds routes for partners that declare the jms
 * channel, replaces a route whose queue changed and removes routes of partners that no longer declare it; the
 * {@code partner-queues-sync} route calls it every few seconds, so a new message partner is a YAML file, not code.
 */
public class PartnerQueues {

    private static final Logger log = LoggerFactory.getLogger(PartnerQueues.class);
    static final String TEMPLATE = "partner-queue-to-canonical";
    static final String ROUTE_PREFIX = "partner-queue-";

    private final CamelContext camel;
    private final PartnerRegistry partners;
    /** route id to the queue it consumes, for the routes this class created */
    private final Map<String, String> routes = new HashMap<>();

    public PartnerQueues(CamelContext camel, PartnerRegistry partners) {
        this.camel = camel;
        this.partners = partners;
    }

    /** Brings the queue routes in line with the registry. */
    public synchronized void sync() throws Exception {
        Map<String, String> wanted = new HashMap<>();
        for (Partner partner : partners.all()) {
            if (partner.uses("jms")) {
                wanted.put(ROUTE_PREFIX + partner.id(), partner.queueName());
            }
        }
        for (Map.Entry<String, String> existing : Map.copyOf(routes).entrySet()) {
            String routeId = existing.getKey();
            boolean gone = camel.getRoute(routeId) == null;
            if (gone || !existing.getValue().equals(wanted.get(routeId))) {
                if (!gone) {
                    camel.getRouteController().stopRoute(routeId);
                    camel.removeRoute(routeId);
                    log.info("Stopped queue route {} ({})", routeId, existing.getValue());
                }
                routes.remove(routeId);
            }
        }
        for (Map.Entry<String, String> route : wanted.entrySet()) {
            if (!routes.containsKey(route.getKey())) {
                add(route.getKey(), route.getValue());
            }
        }
    }

    private void add(String routeId, String queue) throws Exception {
        Route existing = camel.getRoute(routeId);
        if (existing != null) {
            camel.getRouteController().stopRoute(routeId);
            camel.removeRoute(routeId);
        }
        if (camel instanceof ModelCamelContext model && model.getRouteTemplateDefinition(TEMPLATE) == null) {
            log.warn("Route template {} is not loaded (routes/partner-queue-to-canonical.camel.yaml): queue {} is not "
                    + "consumed yet", TEMPLATE, queue);
            return;
        }
        TemplatedRouteBuilder.builder(camel, TEMPLATE)
                .routeId(routeId)
                .parameter("partner", routeId.substring(ROUTE_PREFIX.length()))
                .parameter("queue", queue)
                .add();
        routes.put(routeId, queue);
        log.info("Consuming queue {} for partner {} (route {})", queue, routeId.substring(ROUTE_PREFIX.length()), routeId);
    }
}
