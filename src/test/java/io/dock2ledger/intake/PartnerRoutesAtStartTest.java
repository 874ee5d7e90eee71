package io.dock2ledger.intake;

import io.dock2ledger.partners.PartnerRegistry;
import org.apache.camel.ServiceStatus;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health is UP once the Camel context has started (camel-spring-boot's health check). The partner routes used to be
 * added on {@code CamelContextStartedEvent}, a second or more after that: UP came before every partner inbox ran. Now
 * they are added while camel-spring-boot prepares the start (after loading the route files, before starting the
 * context), so when the context reports started, every partner's routes are started too.
 */
class PartnerRoutesAtStartTest {

    @Test
    void everyPartnerRouteIsStartedWhenTheContextIsStarted(@TempDir Path dir) throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        PartnerRoutesAfterReloadTest.template(routes, "partner-inbox-to-canonical", "partner");
        PartnerRoutesAfterReloadTest.template(routes, "partner-queue-to-canonical", "partner", "queue");
        Path partners = Files.createDirectories(dir.resolve("partners"));
        Files.writeString(partners.resolve("alpha.yaml"), "id: alpha\nname: alpha\nchannels: [file, jms]\n");
        Files.writeString(partners.resolve("beta.yaml"), "id: beta\nname: beta\nchannels: [file]\n");

        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            // What the route status is at the moment the context counts as started (health UP), seen first.
            Map<String, ServiceStatus> atStarted = new LinkedHashMap<>();
            camel.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
                @Override
                public boolean isEnabled(CamelEvent event) {
                    return event instanceof CamelEvent.CamelContextStartedEvent;
                }

                @Override
                public void notify(CamelEvent event) {
                    for (String id : new String[] {"partner-inbox-alpha", "partner-queue-alpha", "partner-inbox-beta"}) {
                        atStarted.put(id, camel.getRoute(id) == null ? null
                                : camel.getRouteController().getRouteStatus(id));
                    }
                }
            });
            // As IntakeConfiguration wires it, in camel-spring-boot's order: route files loaded, then the
            // CamelContextConfiguration beans' beforeApplicationStart, then the context starts.
            PartnerRoutes partnerRoutes = new PartnerRoutes(camel, new PartnerRegistry(partners), routes);
            camel.getManagementStrategy().addEventNotifier(partnerRoutes.atStartAndAfterRouteReload());
            for (String template : new String[] {"partner-inbox-to-canonical", "partner-queue-to-canonical"}) {
                PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveMandatoryResource(camel,
                        "file:" + routes.resolve(template + ".camel.yaml").toAbsolutePath()));
            }
            partnerRoutes.beforeCamelStarts().beforeApplicationStart(camel);
            camel.start();

            assertThat(atStarted).containsOnly(
                    Map.entry("partner-inbox-alpha", ServiceStatus.Started),
                    Map.entry("partner-queue-alpha", ServiceStatus.Started),
                    Map.entry("partner-inbox-beta", ServiceStatus.Started));
            // The sync on the started event finds nothing to do: each route exists once, still started.
            assertThat(camel.getRoutes()).extracting(r -> r.getRouteId())
                    .containsExactlyInAnyOrder("partner-inbox-alpha", "partner-queue-alpha", "partner-inbox-beta");
            assertThat(camel.getRouteController().getRouteStatus("partner-inbox-alpha").isStarted()).isTrue();
        }
    }
}
