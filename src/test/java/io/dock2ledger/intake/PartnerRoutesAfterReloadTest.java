package io.dock2ledger.intake;

import io.dock2ledger.partners.PartnerRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Camel's route reload (an edit of any route file while the hub runs, in development) removes every route and every
 * route template, and loads again only files that hold routes: the per-partner templates were gone, and every
 * partner's inbox stayed stopped after the reload. PartnerRoutes loads a missing template again from its file.
 */
class PartnerRoutesAfterReloadTest {

    @Test
    void aRouteReloadThatDroppedTheTemplatesLeavesEveryPartnerRouteRunning(@TempDir Path dir) throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        template(routes, "partner-inbox-to-canonical", "partner");
        template(routes, "partner-queue-to-canonical", "partner", "queue");
        Path partners = Files.createDirectories(dir.resolve("partners"));
        Files.writeString(partners.resolve("alpha.yaml"), "id: alpha\nname: alpha\nchannels: [file, jms]\n");

        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            for (String template : new String[] {"partner-inbox-to-canonical", "partner-queue-to-canonical"}) {
                PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveMandatoryResource(camel,
                        "file:" + routes.resolve(template + ".camel.yaml").toAbsolutePath()));
            }
            camel.start();
            PartnerRoutes partnerRoutes = new PartnerRoutes(camel, new PartnerRegistry(partners), routes);
            partnerRoutes.sync();
            assertThat(camel.getRoute("partner-inbox-alpha")).isNotNull();

            // What RouteWatcherReloadStrategy does first on a reload: every route and every template goes.
            camel.getRouteController().removeAllRoutes();
            camel.removeRouteTemplates("*");
            assertThat(camel.getRoute("partner-inbox-alpha")).isNull();

            partnerRoutes.sync(); // as on the RouteReloadedEvent that follows
            assertThat(camel.getRoute("partner-inbox-alpha")).isNotNull();
            assertThat(camel.getRoute("partner-queue-alpha")).isNotNull();
            assertThat(camel.getRouteController().getRouteStatus("partner-inbox-alpha").isStarted()).isTrue();
        }
    }

    /** A stand-in template: a direct: consumer named by its parameters, nothing else (also PartnerRoutesAtStartTest's). */
    static void template(Path routes, String id, String... parameters) throws IOException {
        StringBuilder yaml = new StringBuilder("- routeTemplate:\n    id: " + id + "\n    parameters:\n");
        for (String parameter : parameters) {
            yaml.append("      - name: ").append(parameter).append('\n');
        }
        yaml.append("    route:\n      from:\n        uri: \"direct:").append(id).append("-{{partner}}\"\n")
                .append("        steps:\n          - log: \"{{partner}}\"\n");
        Files.writeString(routes.resolve(id + ".camel.yaml"), yaml);
    }
}
