package io.dock2ledger.erp.rest;

import io.dock2ledger.posting.documents.DocumentKind;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code dock2ledger.erp.rest.<name>}: a REST ERP, its name being the target (docs/erp.md).
 *
 * @param baseUrl            the API root, e.g. {@code https://1234.suitetalk.api.netsuite.com/services/rest}
 * @param tokenUrl           the OAuth2 token endpoint (client credentials); none means no authentication
 * @param clientId           OAuth2 client id
 * @param clientSecret       OAuth2 client secret: from the environment, never in a file
 * @param scope              OAuth2 scope, if the ERP wants one
 * @param paths              per document kind, the path documents are POSTed to (default {@code /documents})
 * @param lookupParameter    query parameter of the look-up by the hub's document number ({@code GET path?p=n})
 * @param idPointer          JSON pointer to the ERP's document id in its answer (default {@code /id})
 * @param idempotencyHeader  the header carrying the document's idempotency key (its document number) on every call
 * @param templatesDir       JSONata payload templates per document kind ({@code invoice.jsonata},
 *                           {@code credit-memo.jsonata}, {@code journal.jsonata}); a kind without one is sent
 *                           as the hub's document JSON
 * @param maxConcurrentCalls calls in flight to this ERP at once (NetSuite base tier: 15)
 * @param requestsPerSecond  calls started per second
 * @param connectTimeout     connection timeout
 * @param requestTimeout     answer timeout: after it the outcome is unknown and the document is looked up first
 * @param throttleCodes      texts in a 400/403 answer that mean "over the limit" (NetSuite: SSS_REQUEST_LIMIT_EXCEEDED)
 * @param throttleWait       how long to wait after a throttle answer without Retry-After
 * @param circuitBreaker     when to stop calling a failing ERP
 */
public record RestErpSettings(
        String baseUrl,
        String tokenUrl,
        String clientId,
        String clientSecret,
        String scope,
        Map<DocumentKind, String> paths,
        @DefaultValue("externalId") String lookupParameter,
        @DefaultValue("/id") String idPointer,
        @DefaultValue("Idempotency-Key") String idempotencyHeader,
        Path templatesDir,
        @DefaultValue("4") int maxConcurrentCalls,
        @DefaultValue("10") int requestsPerSecond,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("30s") Duration requestTimeout,
        @DefaultValue("SSS_REQUEST_LIMIT_EXCEEDED") List<String> throttleCodes,
        @DefaultValue("5s") Duration throttleWait,
        @DefaultValue CircuitBreaker circuitBreaker) {

    public RestErpSettings {
        paths = paths == null ? Map.of() : Map.copyOf(paths);
    }

    /** Never print the secret. */
    @Override
    public String toString() {
        return "RestErp[" + baseUrl + ", client " + clientId + "]";
    }

    /**
     * @param failureRateThreshold percentage of failed calls (5xx, refused, timed out) that opens the circuit
     * @param minimumCalls         calls in the window before the rate counts
     * @param windowSize           calls in the sliding window
     * @param openFor              how long the open circuit refuses calls before letting a few try (half open)
     */
    public record CircuitBreaker(
            @DefaultValue("50") int failureRateThreshold,
            @DefaultValue("5") int minimumCalls,
            @DefaultValue("10") int windowSize,
            @DefaultValue("30s") Duration openFor) {
    }
}
