package io.dock2ledger.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.canonical.CanonicalJson;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.HubException;
import io.dock2ledger.mapping.PartnerMappings;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** routes/partner-mappings-reload.camel.yaml with the real PartnerMappings on a mappings folder of its own. */
@CamelSpringBootTest
@UseAdviceWith
@SpringBootTest(classes = PartnerMappingsReloadRouteTest.Hub.class, properties = {
        "camel.main.routes-include-pattern=file:routes/partner-mappings-reload.camel.yaml",
        "camel.main.routes-reload-enabled=false"})
class PartnerMappingsReloadRouteTest {

    private static final ObjectMapper JSON = CanonicalJson.newMapper();
    private static final Path ROOT = RouteTestFolders.create("partner-mappings-reload");
    private static final Path MAPPINGS = ROOT.resolve("mappings");

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) throws IOException {
        Files.createDirectories(MAPPINGS.resolve("alpha"));
        Files.writeString(MAPPINGS.resolve("alpha/shipment.jsonata"), "{\"version\": 1, \"id\": id}");
        RouteTestFolders.register(registry, ROOT);
    }

    @Autowired
    CamelContext camel;
    @Autowired
    PartnerMappings mappings;

    @BeforeEach
    void adviseOnce() throws Exception {
        if (!camel.isStarted()) {
            AdviceWith.adviceWith(camel, "partner-mappings-reload", route -> {
                route.weaveById("log-mapping-reloaded").after().to("mock:reloaded");
                route.weaveById("log-mapping-refused").after().to("mock:refused");
            });
            camel.start();
        }
        MockEndpoint.resetMocks(camel);
    }

    @Test
    void anEditedMappingIsUsedForTheNextDocument() throws Exception {
        assertThat(version("alpha/shipment.jsonata")).isEqualTo(1);
        MockEndpoint reloaded = camel.getEndpoint("mock:reloaded", MockEndpoint.class);
        reloaded.expectedMinimumMessageCount(1);
        reloaded.expectedBodiesReceived("Mapping alpha/shipment.jsonata replaced");

        drop("alpha/shipment.jsonata", "{\"version\": 2, \"id\": id}");

        reloaded.assertIsSatisfied(10_000);
        assertThat(version("alpha/shipment.jsonata")).isEqualTo(2);
    }

    @Test
    void aMappingThatDoesNotCompileIsRefusedAndTheVersionBeforeStaysInUse() throws Exception {
        MockEndpoint reloaded = camel.getEndpoint("mock:reloaded", MockEndpoint.class);
        reloaded.expectedBodiesReceived("Mapping alpha/receipt.jsonata read");
        drop("alpha/receipt.jsonata", "{\"version\": 1, \"id\": id}");
        reloaded.assertIsSatisfied(10_000);
        assertThat(version("alpha/receipt.jsonata")).isEqualTo(1);
        MockEndpoint.resetMocks(camel);
        MockEndpoint refused = camel.getEndpoint("mock:refused", MockEndpoint.class);
        refused.expectedMessageCount(1);
        refused.expectedHeaderReceived("CamelFileName", "alpha/receipt.jsonata");

        drop("alpha/receipt.jsonata", "{\"version\": 2, \"id\": id");

        refused.assertIsSatisfied(10_000);
        assertThat(refused.getExchanges().get(0).getProperty("CamelExceptionCaught", Exception.class))
                .hasMessageContaining("does not compile").hasMessageContaining("the version read before stays in use");
        assertThat(version("alpha/receipt.jsonata")).isEqualTo(1);
    }

    @Test
    void aDeletedMappingIsNoLongerUsed() throws Exception {
        MockEndpoint reloaded = camel.getEndpoint("mock:reloaded", MockEndpoint.class);
        reloaded.expectedBodiesReceived("Mapping alpha/return.jsonata read");
        drop("alpha/return.jsonata", "{\"version\": 1, \"id\": id}");
        reloaded.assertIsSatisfied(10_000);
        assertThat(version("alpha/return.jsonata")).isEqualTo(1);

        MockEndpoint.resetMocks(camel);
        reloaded.expectedBodiesReceived("Mapping alpha/return.jsonata removed");

        Files.delete(MAPPINGS.resolve("alpha/return.jsonata"));

        reloaded.assertIsSatisfied(10_000);
        assertThatThrownBy(() -> version("alpha/return.jsonata")).isInstanceOf(HubException.class)
                .satisfies(e -> assertThat(((HubException) e).category()).isEqualTo(ExceptionCategory.UNKNOWN_DOCUMENT));
    }

    private int version(String mapping) {
        JsonNode event = mappings.map(mapping, JSON.createObjectNode().put("id", "D-1")).get(0);
        assertThat(event.path("id").asText()).isEqualTo("D-1");
        return event.path("version").asInt();
    }

    /** Written beside the folder and renamed into it: the watch sees one complete file. */
    private static void drop(String name, String content) throws IOException {
        Path temporary = Files.writeString(ROOT.resolve("drop.tmp"), content);
        Files.move(temporary, MAPPINGS.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(CamelAutoConfiguration.class)
    static class Hub {

        @Bean
        PartnerMappings partnerMappings() {
            return new PartnerMappings(MAPPINGS, JSON);
        }
    }
}
