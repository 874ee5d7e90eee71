package io.dock2ledger.erp.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.dock2ledger.canonical.CanonicalJson;
import io.dock2ledger.erp.ErpFixtures;
import io.dock2ledger.posting.DocumentRefusedException;
import io.dock2ledger.posting.ErpUnavailableException;
import io.dock2ledger.posting.documents.DocumentKind;
import io.dock2ledger.posting.documents.StoredDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.dock2ledger.erp.ErpFixtures.invoice;
import static io.dock2ledger.erp.ErpFixtures.stored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The REST adapter against a WireMock ERP: tokens, limits, throttles, outages, timeouts and odd answers. */
class RestErpAdapterTest {

    private final WireMockServer erp = new WireMockServer(options().dynamicPort());
    private final ObjectMapper json = CanonicalJson.newMapper();
    private final ErpFixtures.MovableClock clock = new ErpFixtures.MovableClock(Instant.parse("2026-11-26T12:00:00Z"));

    @BeforeEach
    void start() {
        erp.start();
        erp.stubFor(post("/oauth/token").inScenario("tokens").whenScenarioStateIs(STARTED)
                .willReturn(token("token-1", 120)).willSetStateTo("second"));
        erp.stubFor(post("/oauth/token").inScenario("tokens").whenScenarioStateIs("second")
                .willReturn(token("token-2", 120)).willSetStateTo("third"));
        erp.stubFor(post("/oauth/token").inScenario("tokens").whenScenarioStateIs("third")
                .willReturn(token("token-3", 120)));
    }

    @AfterEach
    void stop() {
        erp.stop();
    }

    private RestErpAdapter adapter(int concurrent, int perSecond, Duration timeout, Path templates) {
        return new RestErpAdapter("netsuite", new RestErpSettings(erp.baseUrl(), erp.baseUrl() + "/oauth/token",
                "hub", "s3cret", null, Map.of(DocumentKind.INVOICE, "/invoices"), null, "/id",
                "Idempotency-Key", templates, concurrent, perSecond, Duration.ofSeconds(2), timeout,
                List.of("SSS_REQUEST_LIMIT_EXCEEDED"), Duration.ofSeconds(5),
                new RestErpSettings.CircuitBreaker(50, 3, 3, Duration.ofSeconds(60))), json, clock);
    }

    private RestErpAdapter adapter() {
        return adapter(4, 100, Duration.ofSeconds(5), null);
    }

    private static StoredDocument doc(int n) {
        return stored(n, "INV-US01-%06d".formatted(n), invoice("SHP-" + n, "SO-" + n));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder token(String token, int expiresIn) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + "}");
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder created(String id) {
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"" + id + "\",\"links\":[],\"status\":{\"new\":\"field\"}}");
    }

    private int posts() {
        return erp.findAll(postRequestedFor(urlEqualTo("/invoices"))).size();
    }

    @Test
    void theTokenIsFetchedOnceSentAsBearerAndFetchedAgainBeforeItExpires() {
        erp.stubFor(post("/invoices").willReturn(created("ERP-1")));
        RestErpAdapter netsuite = adapter();

        for (int n = 1; n <= 3; n++) {
            assertThat(netsuite.deliver(doc(n))).isEqualTo("ERP-1");
        }
        assertThat(erp.findAll(postRequestedFor(urlEqualTo("/oauth/token")))).hasSize(1)
                .allSatisfy(r -> {
                    assertThat(r.getHeader("Authorization")).isEqualTo("Basic aHViOnMzY3JldA==");
                    assertThat(r.getBodyAsString()).isEqualTo("grant_type=client_credentials");
                });
        erp.verify(3, postRequestedFor(urlEqualTo("/invoices")).withHeader("Authorization", equalTo("Bearer token-1")));

        clock.advance(Duration.ofSeconds(91)); // 120 s token, renewed 30 s early
        netsuite.deliver(doc(4));
        erp.verify(postRequestedFor(urlEqualTo("/invoices")).withHeader("Authorization", equalTo("Bearer token-2")));
        assertThat(erp.findAll(postRequestedFor(urlEqualTo("/oauth/token")))).hasSize(2);
    }

    @Test
    void aTokenTheErpRefusesEarlyIsReplacedOnceAndTheCallRepeated() {
        erp.stubFor(post("/invoices").withHeader("Authorization", equalTo("Bearer token-1"))
                .willReturn(aResponse().withStatus(401).withBody("{\"error\":\"invalid_token\"}")));
        erp.stubFor(post("/invoices").withHeader("Authorization", equalTo("Bearer token-2"))
                .willReturn(created("ERP-9")));

        assertThat(adapter().deliver(doc(1))).isEqualTo("ERP-9");
        assertThat(posts()).isEqualTo(2);
    }

    @Test
    void everyCallCarriesTheDocumentNumberAsIdempotencyKey() {
        erp.stubFor(post("/invoices").willReturn(created("ERP-1")));
        erp.stubFor(get(urlPathEqualTo("/invoices")).willReturn(aResponse().withStatus(404)));
        RestErpAdapter netsuite = adapter();

        netsuite.deliver(doc(7));
        assertThat(netsuite.lookup(doc(7))).isEmpty();

        erp.verify(postRequestedFor(urlEqualTo("/invoices")).withHeader("Idempotency-Key", equalTo("INV-US01-000007")));
        erp.verify(getRequestedFor(urlEqualTo("/invoices?externalId=INV-US01-000007"))
                .withHeader("Idempotency-Key", equalTo("INV-US01-000007")));
    }

    @Test
    void a429BurstIsHonouredNoCallLeavesBeforeRetryAfter() {
        erp.stubFor(post("/invoices").inScenario("burst").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")).willSetStateTo("open"));
        erp.stubFor(post("/invoices").inScenario("burst").whenScenarioStateIs("open").willReturn(created("ERP-1")));
        RestErpAdapter netsuite = adapter();

        assertThatThrownBy(() -> netsuite.deliver(doc(1))).isInstanceOfSatisfying(ErpUnavailableException.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
        for (int n = 2; n <= 20; n++) {
            int number = n;
            assertThatThrownBy(() -> netsuite.deliver(doc(number))).isInstanceOf(ErpUnavailableException.class);
        }
        assertThat(posts()).as("the stub saw one call in the Retry-After window, no storm").isEqualTo(1);
        assertThat(netsuite.circuitState()).as("throttling is not a failure").isEqualTo("CLOSED");

        clock.advance(Duration.ofSeconds(7));
        assertThat(netsuite.deliver(doc(2))).isEqualTo("ERP-1");
        assertThat(posts()).isEqualTo(2);
    }

    @Test
    void netSuitesThrottleAnswerIsAWaitNotARefusal() {
        erp.stubFor(post("/invoices").willReturn(aResponse().withStatus(400).withBody("""
                {"type":"https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1","title":"Bad Request","status":400,
                 "o:errorDetails":[{"detail":"Request limit exceeded","o:errorCode":"SSS_REQUEST_LIMIT_EXCEEDED"}]}""")));
        RestErpAdapter netsuite = adapter();

        assertThatThrownBy(() -> netsuite.deliver(doc(1))).isInstanceOfSatisfying(ErpUnavailableException.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(5)));
        assertThatThrownBy(() -> netsuite.deliver(doc(2))).isInstanceOf(ErpUnavailableException.class);
        assertThat(posts()).isEqualTo(1);
    }

    @Test
    void a503WindowOpensTheCircuitAndTheErpIsNotCalledWhileItIsOpen() {
        erp.stubFor(post("/invoices").willReturn(aResponse().withStatus(503).withBody("maintenance")));
        RestErpAdapter netsuite = adapter();

        for (int n = 1; n <= 10; n++) {
            int number = n;
            assertThatThrownBy(() -> netsuite.deliver(doc(number))).isInstanceOf(ErpUnavailableException.class)
                    .isNotInstanceOf(DocumentRefusedException.class);
        }
        assertThat(posts()).as("three failures open the circuit").isEqualTo(3);
        assertThat(netsuite.circuitState()).isEqualTo("OPEN");
        assertThatThrownBy(() -> netsuite.deliver(doc(11))).isInstanceOfSatisfying(ErpUnavailableException.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(60)));
    }

    @Test
    void aTimeoutAfterTheErpCommittedIsLookedUpNotSentAgain() {
        erp.stubFor(post("/invoices").willReturn(created("ERP-42").withFixedDelay(1500)));
        erp.stubFor(get(urlEqualTo("/invoices?externalId=INV-US01-000001")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("[{\"id\":\"ERP-42\",\"externalId\":\"INV-US01-000001\",\"tranDate\":\"2026-11-26\"}]")));
        RestErpAdapter netsuite = adapter(4, 100, Duration.ofMillis(500), null);

        assertThatThrownBy(() -> netsuite.deliver(doc(1))).isInstanceOfSatisfying(ErpUnavailableException.class,
                e -> assertThat(e.outcomeUnknown()).isTrue());
        assertThat(netsuite.lookup(doc(1))).contains("ERP-42");
        assertThat(posts()).isEqualTo(1);
    }

    @Test
    void malformedAnswersAreNeitherConfirmationsNorRefusalsAndUnknownFieldsAreIgnored() {
        erp.stubFor(post("/invoices").inScenario("odd").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(200).withBody("<html>Gateway says hello</html>")).willSetStateTo("2"));
        erp.stubFor(post("/invoices").inScenario("odd").whenScenarioStateIs("2")
                .willReturn(aResponse().withStatus(201).withBody("{\"result\":\"ok\"}")).willSetStateTo("3"));
        erp.stubFor(post("/invoices").inScenario("odd").whenScenarioStateIs("3").willReturn(created("ERP-5")));
        RestErpAdapter netsuite = adapter();

        assertThatThrownBy(() -> netsuite.deliver(doc(1))).isInstanceOf(RestErpAdapter.MalformedAnswerException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> netsuite.deliver(doc(1))).isInstanceOf(RestErpAdapter.MalformedAnswerException.class)
                .hasMessageContaining("without a document id at /id");
        assertThat(netsuite.deliver(doc(1))).isEqualTo("ERP-5");
    }

    @Test
    void aDocumentTheErpRejectsIsRefused() {
        erp.stubFor(post("/invoices").willReturn(aResponse().withStatus(422)
                .withBody("{\"error\":\"customer CUST-1001 unknown\"}")));

        assertThatThrownBy(() -> adapter().deliver(doc(1))).isInstanceOf(DocumentRefusedException.class)
                .hasMessage("HTTP 422: {\"error\":\"customer CUST-1001 unknown\"}");
    }

    @Test
    void aConnectionRefusedIsAnOutageNotAnUnknownOutcome() {
        RestErpAdapter netsuite = adapter();
        erp.stop();

        assertThatThrownBy(() -> netsuite.deliver(doc(1))).isInstanceOfSatisfying(ErpUnavailableException.class,
                e -> assertThat(e.outcomeUnknown()).isFalse());
    }

    @Test
    void noMoreCallsInFlightThanTheLimitAndNoMoreStartedPerSecond() throws Exception {
        erp.stubFor(post("/invoices").willReturn(created("ERP-1").withFixedDelay(300)));
        RestErpAdapter netsuite = adapter(3, 5, Duration.ofSeconds(5), null);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<String>> calls = new ArrayList<>();
            for (int n = 1; n <= 12; n++) {
                int number = n;
                calls.add(pool.submit(() -> netsuite.deliver(doc(number))));
            }
            for (Future<String> call : calls) {
                assertThat(call.get()).isEqualTo("ERP-1");
            }
        } finally {
            pool.shutdownNow();
        }
        List<long[]> spans = erp.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals("/invoices"))
                .map(e -> new long[]{e.getRequest().getLoggedDate().getTime(),
                        e.getRequest().getLoggedDate().getTime() + e.getTiming().getTotalTime()})
                .toList();
        assertThat(spans).hasSize(12);
        int maxInFlight = 0;
        for (long[] span : spans) {
            // requests in flight when this one arrived (its own included)
            long at = span[0];
            int inFlight = (int) spans.stream().filter(s -> s[0] <= at && s[1] > at).count();
            maxInFlight = Math.max(maxInFlight, inFlight);
        }
        assertThat(maxInFlight).isBetween(1, 3);
        long first = spans.stream().mapToLong(s -> s[0]).min().orElseThrow();
        long last = spans.stream().mapToLong(s -> s[0]).max().orElseThrow();
        assertThat(last - first).as("12 calls at 5 per second span two refresh periods").isGreaterThanOrEqualTo(1000);
    }

    @Test
    void thePayloadIsTheKindsTemplateOverTheDocument(@TempDir Path templates) throws IOException {
        Files.writeString(templates.resolve("invoice.jsonata"), """
                {
                  "externalId": documentNumber,
                  "entity": {"id": counterparty},
                  "tranDate": postingDate,
                  "item": {"items": invoiceLines.{"item": sku, "quantity": quantity, "rate": unitPrice}[]},
                  "total": total
                }""");
        erp.stubFor(post("/invoices").willReturn(created("ERP-1")));

        adapter(4, 100, Duration.ofSeconds(5), templates).deliver(doc(1));

        erp.verify(postRequestedFor(urlEqualTo("/invoices")).withRequestBody(equalToJson("""
                {"externalId":"INV-US01-000001","entity":{"id":"CUST-1001"},"tranDate":"2026-11-26",
                 "item":{"items":[{"item":"MUG-RED","quantity":"36","rate":"4.95"}]},"total":"443.02"}""")));
    }
}
