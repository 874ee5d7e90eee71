package io.dock2ledger.erp.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.dock2ledger.canonical.CanonicalJson;
import io.dock2ledger.erp.ErpFixtures;
import io.dock2ledger.posting.DocumentRefusedException;
import io.dock2ledger.posting.documents.StoredDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.dock2ledger.erp.ErpFixtures.invoice;
import static io.dock2ledger.erp.ErpFixtures.stored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The look-up by document number as each ERP does it ({@code lookup.*}), with the example settings of
 * config/erp/rest-example bound the way the hub binds them, against WireMock: NetSuite's record by external id (a path
 * template), NetSuite's SuiteQL (a search request with a body), and a generic ERP (a query parameter). Each is found
 * when the ERP has the document and not found when it has not, and a 409 on delivery uses the same look-up.
 */
class RestErpLookupTest {

    private final WireMockServer erp = new WireMockServer(options().dynamicPort());
    private final ObjectMapper json = CanonicalJson.newMapper();
    private final ErpFixtures.MovableClock clock = new ErpFixtures.MovableClock(Instant.parse("2026-11-26T12:00:00Z"));

    @BeforeEach
    void start() {
        erp.start();
        erp.stubFor(post("/oauth/token").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
    }

    @AfterEach
    void stop() {
        erp.stop();
    }

    @Test
    void netSuiteLooksARecordUpByItsExternalIdInThePath() throws IOException {
        RestErpAdapter netsuite = adapter("netsuite", "netsuite.yaml");
        erp.stubFor(get(urlEqualTo("/record/v1/invoice/eid:INV-US01-000001")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"links\":[],\"id\":\"1042\",\"externalId\":\"INV-US01-000001\",\"tranId\":\"INV1042\"}")));
        erp.stubFor(get(urlEqualTo("/record/v1/invoice/eid:INV-US01-000002")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/vnd.oracle.resource+json; type=error")
                .withBody("{\"title\":\"Not Found\",\"status\":404,\"o:errorDetails\":[]}")));

        assertThat(netsuite.lookup(doc(1))).contains("1042");
        assertThat(netsuite.lookup(doc(2))).isEmpty();
        erp.verify(getRequestedFor(urlEqualTo("/record/v1/invoice/eid:INV-US01-000001"))
                .withHeader("Authorization", equalTo("Bearer t"))
                .withHeader("Idempotency-Key", equalTo("INV-US01-000001")));
    }

    @Test
    void netSuiteConflictOnCreateIsResolvedByTheConfiguredLookup() throws IOException {
        RestErpAdapter netsuite = adapter("netsuite", "netsuite.yaml");
        erp.stubFor(post("/record/v1/invoice").willReturn(aResponse().withStatus(409).withBody("duplicate")));
        erp.stubFor(get(urlEqualTo("/record/v1/invoice/eid:INV-US01-000003")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"1043\"}")));

        assertThat(netsuite.deliver(doc(3))).isEqualTo("1043");
    }

    @Test
    void netSuiteAnswersACreateWith204AndTheRecordsLocation() throws IOException {
        RestErpAdapter netsuite = adapter("netsuite", "netsuite.yaml");
        erp.stubFor(post("/record/v1/invoice").willReturn(aResponse().withStatus(204)
                .withHeader("Location", erp.baseUrl() + "/record/v1/invoice/1044")));

        assertThat(netsuite.deliver(doc(4))).isEqualTo("1044");
        erp.verify(postRequestedFor(urlEqualTo("/record/v1/invoice"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                        "$.externalId", equalTo("INV-US01-000004"))));
    }

    @Test
    void netSuiteSuiteQlLooksUpWithASearchRequest() throws IOException {
        RestErpAdapter netsuite = adapter("netsuite", "netsuite.yaml", "netsuite-suiteql.yaml");
        erp.stubFor(post("/query/v1/suiteql")
                .withRequestBody(equalToJson("{\"q\":\"SELECT id FROM transaction WHERE externalid = 'INV-US01-000001'\"}"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"links\":[],\"count\":1,\"hasMore\":false,\"items\":[{\"links\":[],\"id\":\"1042\"}],"
                                + "\"offset\":0,\"totalResults\":1}")));
        erp.stubFor(post("/query/v1/suiteql")
                .withRequestBody(equalToJson("{\"q\":\"SELECT id FROM transaction WHERE externalid = 'INV-US01-000002'\"}"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"links\":[],\"count\":0,\"hasMore\":false,\"items\":[],\"offset\":0,\"totalResults\":0}")));

        assertThat(netsuite.lookup(doc(1))).contains("1042");
        assertThat(netsuite.lookup(doc(2))).isEmpty();
        erp.verify(2, postRequestedFor(urlEqualTo("/query/v1/suiteql")).withHeader("Prefer", equalTo("transient")));
        assertThat(erp.findAll(postRequestedFor(urlEqualTo("/record/v1/invoice")))).as("a look-up creates nothing")
                .isEmpty();
    }

    @Test
    void aNumberThatCouldCloseTheQuoteIsNeverSplicedIntoASearch() {
        assertThat(RestErpAdapter.searchBody("{\"q\":\"... = '{number}'\"}", "INV-US01-000001"))
                .isEqualTo("{\"q\":\"... = 'INV-US01-000001'\"}");
        assertThatThrownBy(() -> RestErpAdapter.searchBody("{\"q\":\"... = '{number}'\"}", "X' OR '1'='1"))
                .isInstanceOf(DocumentRefusedException.class);
    }

    @Test
    void aGenericErpLooksUpWithAQueryParameterAndAListAnswer() throws IOException {
        RestErpAdapter generic = adapter("generic-erp", "generic.yaml");
        erp.stubFor(get(urlEqualTo("/documents?externalId=INV-US01-000001")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("[{\"id\":\"G-7\",\"externalId\":\"INV-US01-000001\",\"unknown\":{\"x\":1}}]")));
        erp.stubFor(get(urlEqualTo("/documents?externalId=INV-US01-000002")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("[]")));

        assertThat(generic.lookup(doc(1))).contains("G-7");
        assertThat(generic.lookup(doc(2))).isEmpty();
    }

    @Test
    void withoutLookupSettingsTheDefaultIsTheExternalIdQueryParameter() {
        RestErpSettings.Lookup defaults = bind("plain", List.of(), Map.of(
                "dock2ledger.erp.rest.plain.base-url", erp.baseUrl())).lookup();
        assertThat(defaults).isEqualTo(RestErpSettings.Lookup.byExternalId());
    }

    /** The example files bound as the hub binds dock2ledger.erp.rest.<name>, the ERP's URLs pointed at WireMock. */
    private RestErpAdapter adapter(String name, String... exampleFiles) throws IOException {
        YamlPropertySourceLoader yaml = new YamlPropertySourceLoader();
        List<PropertySource<?>> sources = new java.util.ArrayList<>();
        for (String file : exampleFiles) {
            sources.addAll(0, yaml.load(file, new FileSystemResource("config/erp/rest-example/" + file)));
        }
        String prefix = "dock2ledger.erp.rest." + name + ".";
        RestErpSettings settings = bind(name, sources, Map.of(prefix + "base-url", erp.baseUrl(),
                prefix + "token-url", erp.baseUrl() + "/oauth/token", prefix + "client-id", "hub",
                prefix + "client-secret", "s3cret"));
        return new RestErpAdapter(name, settings, json, clock);
    }

    private static RestErpSettings bind(String name, List<PropertySource<?>> files, Map<String, Object> overrides) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", overrides));
        files.forEach(environment.getPropertySources()::addLast);
        return new Binder(ConfigurationPropertySources.get(environment))
                .bind("dock2ledger.erp.rest." + name, RestErpSettings.class).get();
    }

    private static StoredDocument doc(int n) {
        return stored(n, "INV-US01-%06d".formatted(n), invoice("SHP-" + n, "SO-" + n));
    }
}
