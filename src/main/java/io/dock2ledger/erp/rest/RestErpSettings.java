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
 * @param lookup             how a document is found by the hub's document number (before a resend after an unknown
 *                           outcome, and after a 409): by default {@code GET <the kind's path>?externalId=<number>}
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
        @DefaultValue Lookup lookup,
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
        lookup = lookup == null ? Lookup.byExternalId() : lookup;
    }

    /** Never print the secret. */
    @Override
    public String toString() {
        return "RestErp[" + baseUrl + ", client " + clientId + "]";
    }

    /**
     * {@code lookup.*}: the look-up of a document by the hub's document number, per ERP, since every ERP searches its
     * own way: a path template ({@code /record/v1/invoice/eid:{number}}), a query parameter
     * ({@code /documents?externalId=...}) or a search request with a body (SuiteQL, a search endpoint). Not found is a
     * 404, an empty answer, or nothing at {@code id-pointer}.
     *
     * @param method         {@code GET} (default) or {@code POST} (a search request with {@code body})
     * @param paths          per document kind, the look-up path; {@code {number}} is replaced by the document number
     *                       (URL-encoded). Default: the kind's path under {@code paths}
     * @param queryParameter the query parameter carrying the number when the path has no {@code {number}}
     *                       (default {@code externalId}); empty for none
     * @param body           for POST: the search request's JSON, {@code {number}} replaced by the document number (a
     *                       number that is not plain letters, digits and {@code -_./} is never spliced in)
     * @param idPointer      JSON pointer to the ERP's id in the look-up's answer, e.g. {@code /items/0/id}. Default: the
     *                       ERP's {@code id-pointer} in the answer, or in its first element when the answer is an array
     * @param headers        extra headers of the look-up request (e.g. NetSuite's {@code Prefer: transient} for SuiteQL)
     */
    public record Lookup(
            @DefaultValue("GET") String method,
            Map<DocumentKind, String> paths,
            @DefaultValue("externalId") String queryParameter,
            String body,
            String idPointer,
            Map<String, String> headers) {

        public Lookup {
            method = method == null ? "GET" : method.trim().toUpperCase(java.util.Locale.ROOT);
            if (!method.equals("GET") && !method.equals("POST")) {
                throw new IllegalArgumentException("lookup.method must be GET or POST, not " + method);
            }
            if (method.equals("POST") && (body == null || body.isBlank())) {
                throw new IllegalArgumentException("lookup.method POST needs lookup.body, the search request");
            }
            paths = paths == null ? Map.of() : Map.copyOf(paths);
            headers = headers == null ? Map.of() : Map.copyOf(headers);
        }

        /** The default: {@code GET <path>?externalId=<number>}, the id at the ERP's id-pointer. */
        public static Lookup byExternalId() {
            return new Lookup("GET", Map.of(), "externalId", null, null, Map.of());
        }
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
