package io.dock2ledger.routes;

import io.dock2ledger.config.HubProperties;
import io.dock2ledger.intake.PartnerRoutes;
import io.dock2ledger.partners.PartnerRegistry;
import io.dock2ledger.partners.PartnersConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * routes/partner-routes-sync.camel.yaml with the real registry and PartnerRoutes on a folder of its own; the two
 * per-partner templates are stand-ins (a direct: consumer each), so only the sync is under test.
 */
@CamelSpringBootTest
@UseAdviceWith
@SpringBootTest(classes = PartnerRoutesSyncRouteTest.Hub.class, properties = {
        "camel.main.routes-include-pattern=file:routes/partner-routes-sync.camel.yaml",
        "camel.main.routes-reload-enabled=false"})
class PartnerRoutesSyncRouteTest {

    private static final Path ROOT = RouteTestFolders.create("partner-routes-sync");
    private static final Path PARTNERS = ROOT.resolve("config/partners");

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) throws IOException {
        Files.createDirectories(PARTNERS);
        Files.writeString(PARTNERS.resolve("alpha.yaml"), partner("alpha", "[file]"));
        RouteTestFolders.register(registry, ROOT);
    }

    @Autowired
    CamelContext camel;
    @Autowired
    PartnerRegistry registry;

    @BeforeEach
    void adviseOnce() throws Exception {
        if (!camel.isStarted()) {
            AdviceWith.adviceWith(camel, "partner-routes-sync", route -> {
                route.weaveById("sync-partner-routes").after().to("mock:synced");
                route.weaveById("log-partner-files-refused").after().to("mock:refused");
            });
            camel.start();
        }
        MockEndpoint.resetMocks(camel);
    }

    @Test
    void thePartnersReadAtStartHaveTheirRoutes() {
        await().atMost(10, TimeUnit.SECONDS).until(() -> camel.getRoute("partner-inbox-alpha") != null);
    }

    @Test
    void aNewPartnerFileStartsItsRoutesAndDeletingItStopsThem() throws Exception {
        MockEndpoint synced = camel.getEndpoint("mock:synced", MockEndpoint.class);
        synced.expectedMinimumMessageCount(1);
        synced.expectedHeaderReceived("CamelFileName", "bravo.yaml");

        drop("bravo.yaml", partner("bravo", "[file, jms]"));

        synced.assertIsSatisfied(10_000);
        assertThat(registry.partner("bravo")).isPresent();
        assertThat(camel.getRoute("partner-inbox-bravo")).isNotNull();
        assertThat(camel.getRoute("partner-queue-bravo")).isNotNull();

        MockEndpoint.resetMocks(camel);
        synced.expectedMinimumMessageCount(1);
        Files.delete(PARTNERS.resolve("bravo.yaml"));

        synced.assertIsSatisfied(10_000);
        assertThat(registry.partner("bravo")).isEmpty();
        assertThat(camel.getRoute("partner-inbox-bravo")).isNull();
        assertThat(camel.getRoute("partner-queue-bravo")).isNull();
    }

    @Test
    void aChangedPartnerFileReplacesItsRoutes() throws Exception {
        MockEndpoint synced = camel.getEndpoint("mock:synced", MockEndpoint.class);
        synced.expectedMinimumMessageCount(1);
        drop("charlie.yaml", partner("charlie", "[file]"));
        synced.assertIsSatisfied(10_000);
        assertThat(camel.getRoute("partner-queue-charlie")).isNull();

        MockEndpoint.resetMocks(camel);
        synced.expectedMinimumMessageCount(1);
        drop("charlie.yaml", partner("charlie", "[file, jms]"));

        synced.assertIsSatisfied(10_000);
        assertThat(camel.getRoute("partner-queue-charlie")).isNotNull();
        assertThat(camel.getRoute("partner-inbox-charlie")).isNotNull();
    }

    @Test
    void aBrokenPartnerFileIsRefusedAndThePartnersReadBeforeStayInUse() throws Exception {
        MockEndpoint refused = camel.getEndpoint("mock:refused", MockEndpoint.class);
        MockEndpoint synced = camel.getEndpoint("mock:synced", MockEndpoint.class);
        refused.expectedMessageCount(1);
        refused.expectedHeaderReceived("CamelFileName", "alpha.yaml");
        synced.expectedMessageCount(0);

        drop("alpha.yaml", partner("alpha", "[file, jms]") + "chanels: [typo]\n");

        refused.assertIsSatisfied(10_000);
        synced.assertIsSatisfied();
        assertThat(registry.partner("alpha").orElseThrow().channels()).containsExactly("file");
        assertThat(camel.getRoute("partner-inbox-alpha")).isNotNull();
        assertThat(camel.getRoute("partner-queue-alpha")).isNull();

        MockEndpoint.resetMocks(camel);
        synced.expectedMinimumMessageCount(1);
        drop("alpha.yaml", partner("alpha", "[file]"));
        synced.assertIsSatisfied(10_000);
    }

    /** Written beside the folder and renamed into it, as a deployment should: the watch sees one complete file. */
    private static void drop(String name, String content) throws IOException {
        Path temporary = Files.writeString(ROOT.resolve(name + ".tmp"), content);
        Files.move(temporary, PARTNERS.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String partner(String id, String channels) {
        return "id: " + id + "\nname: " + id + " (route test)\nchannels: " + channels + "\n";
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(CamelAutoConfiguration.class)
    @EnableConfigurationProperties(HubProperties.class)
    @Import(PartnersConfiguration.class)
    static class Hub {

        /** As IntakeConfiguration builds it. */
        @Bean
        PartnerRoutes partnerRoutes(CamelContext camel, PartnerRegistry partners) {
            PartnerRoutes routes = new PartnerRoutes(camel, partners);
            camel.getManagementStrategy().addEventNotifier(routes.atStartAndAfterRouteReload());
            return routes;
        }

        @Bean
        RouteBuilder perPartnerTemplateStandIns() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    routeTemplate("partner-inbox-to-canonical").templateParameter("partner")
                            .from("direct:inbox-{{partner}}").to("mock:inbox");
                    routeTemplate("partner-queue-to-canonical").templateParameter("partner").templateParameter("queue")
                            .from("direct:queue-{{partner}}").to("mock:queue");
                }
            };
        }
    }
}
