package io.dock2ledger.erp.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.posting.DocumentRefusedException;
import io.dock2ledger.posting.ErpUnavailableException;
import io.dock2ledger.posting.FinanceAdapter;
import io.dock2ledger.posting.documents.DocumentKind;
import io.dock2ledger.posting.documents.StoredDocument;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A cloud ERP over REST (docs/erp.md), within its limits:
 * <ul>
 *   <li>OAuth2 client credentials, the token cached and renewed before it expires or when refused ({@link OAuthTokens});</li>
 *   <li>at most {@code max-concurrent-calls} calls in flight and {@code requests-per-second} started (resilience4j
 *   bulkhead and rate limiter);</li>
 *   <li>429, 503 and vendor throttle answers (NetSuite's HTTP 400 {@code SSS_REQUEST_LIMIT_EXCEEDED}) honoured: no
 *   call leaves for this ERP until its Retry-After (or {@code throttle-wait}) has passed, and the documents wait;</li>
 *   <li>a circuit breaker that stops calling an ERP that keeps failing (5xx, refused connections, timeouts), so the
 *   documents wait in the outbox rather than hammer it;</li>
 *   <li>the document number as idempotency key on every call; after a timeout the next attempt looks the document up
 *   ({@link #lookup}) before it sends it again;</li>
 *   <li>answers read tolerantly: only the id at {@code id-pointer} is needed, anything else is ignored.</li>
 * </ul>
 */
public class RestErpAdapter implements FinanceAdapter {

    private static final Logger log = LoggerFactory.getLogger(RestErpAdapter.class);

    /** An answer the ERP gave that the hub cannot read: it may have taken the document, so it is looked up next. */
    public static class MalformedAnswerException extends RuntimeException {
        MalformedAnswerException(String message) {
            super(message);
        }
    }

    /** The ERP said "too many": not a failure of the ERP, so it does not count towards opening the circuit. */
    static class Throttled extends ErpUnavailableException {
        Throttled(String message, Duration retryAfter) {
            super(message, retryAfter);
        }
    }

    private record Answer(int status, String body, HttpResponse<String> response) {
    }

    private final String name;
    private final RestErpSettings settings;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Clock clock;
    private final OAuthTokens tokens;
    private final PayloadTemplates templates;
    private final CircuitBreaker circuit;
    private final Bulkhead bulkhead;
    private final RateLimiter rateLimiter;
    private volatile Instant throttledUntil = Instant.MIN;

    public RestErpAdapter(String name, RestErpSettings settings, ObjectMapper json, Clock clock) {
        this.name = name;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
        this.tokens = new OAuthTokens(http, json, clock, settings.tokenUrl(), settings.clientId(),
                settings.clientSecret(), settings.scope(), settings.requestTimeout());
        this.templates = new PayloadTemplates(json, settings.templatesDir());
        RestErpSettings.CircuitBreaker breaker = settings.circuitBreaker();
        this.circuit = CircuitBreaker.of("erp-" + name, CircuitBreakerConfig.custom()
                .failureRateThreshold(breaker.failureRateThreshold())
                .minimumNumberOfCalls(breaker.minimumCalls())
                .slidingWindowSize(breaker.windowSize())
                .waitDurationInOpenState(breaker.openFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .ignoreException(e -> e instanceof Throttled)
                .recordException(e -> e instanceof ErpUnavailableException)
                .build());
        this.bulkhead = Bulkhead.of("erp-" + name, BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentCalls())
                .maxWaitDuration(Duration.ofMinutes(1))
                .build());
        this.rateLimiter = RateLimiter.of("erp-" + name, RateLimiterConfig.custom()
                .limitForPeriod(settings.requestsPerSecond())
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ofMinutes(1))
                .build());
    }

    @Override
    public String name() {
        return name;
    }

    /** CLOSED, OPEN, HALF_OPEN: for the health details. */
    public String circuitState() {
        return circuit.getState().name();
    }

    @Override
    public String deliver(StoredDocument document) {
        String payload = templates.payload(document);
        return guarded(() -> {
            Answer answer = send(document, "POST", uri(document), payload);
            if (answer.status() == 409) {
                // The ERP already holds a document with this idempotency key: ours, sent before.
                return find(document).orElseThrow(() -> new DocumentRefusedException(
                        "HTTP 409 and no document " + document.documentNumber() + " found: " + snippet(answer.body())));
            }
            refuseOrWait(answer);
            Optional<String> fromLocation = idFromLocation(answer);
            if (fromLocation.isPresent()) {
                return fromLocation.get();
            }
            return idOf(answer.body(), settings.idPointer(), document)
                    .orElseThrow(() -> new MalformedAnswerException("HTTP " + answer.status()
                            + " without a document id at " + settings.idPointer() + ": " + snippet(answer.body())));
        });
    }

    @Override
    public Optional<String> lookup(StoredDocument document) {
        return guarded(() -> find(document));
    }

    /**
     * A create answered without a body and with the new record's address (NetSuite: 204 and
     * {@code Location: .../record/v1/invoice/1042}): the id is the address's last segment.
     */
    private static Optional<String> idFromLocation(Answer answer) {
        if (answer.body() != null && !answer.body().isBlank()) {
            return Optional.empty();
        }
        return answer.response().headers().firstValue("Location").map(location -> {
            String path = URI.create(location.trim()).getPath();
            String last = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
            return last;
        }).filter(id -> !id.isBlank());
    }

    /** The look-up as configured for this ERP ({@code lookup.*}); a 404 or an answer without an id: not there. */
    private Optional<String> find(StoredDocument document) {
        RestErpSettings.Lookup lookup = settings.lookup();
        String number = document.documentNumber();
        Answer answer = lookup.method().equals("POST")
                ? send(document, "POST", lookupUri(document), searchBody(lookup.body(), number), lookup.headers())
                : send(document, "GET", lookupUri(document), null, lookup.headers());
        if (answer.status() == 404) {
            return Optional.empty();
        }
        refuseOrWait(answer);
        JsonNode body = parse(answer.body(), document);
        JsonNode id;
        if (lookup.idPointer() != null && !lookup.idPointer().isBlank()) {
            id = body.at(lookup.idPointer());
        } else {
            JsonNode found = body.isArray() ? body.path(0) : body;
            id = found.at(settings.idPointer());
        }
        return id.isValueNode() && !id.asText().isBlank() ? Optional.of(id.asText()) : Optional.empty();
    }

    /** The look-up's URI: the kind's look-up path (or POST path), {number} replaced, or the query parameter added. */
    URI lookupUri(StoredDocument document) {
        RestErpSettings.Lookup lookup = settings.lookup();
        DocumentKind kind = document.document().kind();
        String template = lookup.paths().getOrDefault(kind, settings.paths().getOrDefault(kind, "/documents"));
        String number = URLEncoder.encode(document.documentNumber(), StandardCharsets.UTF_8).replace("+", "%20");
        String path = template.replace("{number}", number);
        if (!template.contains("{number}") && lookup.method().equals("GET") && lookup.queryParameter() != null
                && !lookup.queryParameter().isBlank()) {
            path += (path.contains("?") ? "&" : "?") + URLEncoder.encode(lookup.queryParameter(), StandardCharsets.UTF_8)
                    + "=" + number;
        }
        return URI.create(base() + path);
    }

    /**
     * The search request with the number in it. Only a plain number (letters, digits, {@code - _ . /}) is spliced into
     * a body, which may well be a query language inside JSON (SuiteQL): nothing can close a quote.
     */
    static String searchBody(String template, String number) {
        if (!PLAIN_NUMBER.matcher(number).matches()) {
            throw new DocumentRefusedException("document number " + number
                    + " has characters that are never put into a search request");
        }
        return template.replace("{number}", number);
    }

    private static final java.util.regex.Pattern PLAIN_NUMBER = java.util.regex.Pattern.compile("[A-Za-z0-9._/-]+");

    /** Runs a call inside the circuit breaker, the concurrency limit and the rate limit, in that order. */
    private <T> T guarded(Supplier<T> call) {
        Supplier<T> throttleAware = () -> {
            Duration wait = Duration.between(clock.instant(), throttledUntil);
            if (!wait.isNegative() && !wait.isZero()) {
                throw new Throttled(name + " asked us to wait", wait);
            }
            return call.get();
        };
        Supplier<T> decorated = CircuitBreaker.decorateSupplier(circuit,
                Bulkhead.decorateSupplier(bulkhead, RateLimiter.decorateSupplier(rateLimiter, throttleAware)));
        try {
            return decorated.get();
        } catch (CallNotPermittedException e) {
            throw new ErpUnavailableException(name + " circuit open after repeated failures",
                    settings.circuitBreaker().openFor());
        } catch (BulkheadFullException | RequestNotPermitted e) {
            throw new ErpUnavailableException(name + " busy: " + e.getMessage(), null);
        }
    }

    private Answer send(StoredDocument document, String method, URI uri, String body) {
        return send(document, method, uri, body, java.util.Map.of());
    }

    private Answer send(StoredDocument document, String method, URI uri, String body,
                        java.util.Map<String, String> headers) {
        String token = tokens.enabled() ? tokens.token() : null;
        Answer answer = exchange(document, method, uri, body, token, headers);
        if (answer.status() == 401 && token != null) {
            tokens.rejected(token); // expired or revoked early: one new token, one more try
            answer = exchange(document, method, uri, body, tokens.token(), headers);
            if (answer.status() == 401) {
                throw new ErpUnavailableException(name + " refuses the hub's credentials (HTTP 401)", null);
            }
        }
        return answer;
    }

    private Answer exchange(StoredDocument document, String method, URI uri, String body, String token,
                            java.util.Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.requestTimeout())
                .header("Accept", "application/json")
                .header(settings.idempotencyHeader(), document.documentNumber());
        headers.forEach(request::header);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response);
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new ErpUnavailableException(name + " unreachable: " + e, null, false, e);
        } catch (HttpTimeoutException e) {
            // Sent, no answer in time: the ERP may have committed it. Look it up before sending it again.
            throw new ErpUnavailableException(name + " did not answer within " + settings.requestTimeout(), null,
                    body != null, e);
        } catch (IOException e) {
            throw new ErpUnavailableException(name + " connection failed: " + e, null, body != null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ErpUnavailableException("interrupted", null, body != null, e);
        }
    }

    /** Throws for every answer that is not a success: wait (throttle, unavailable) or refuse (the document is wrong). */
    private void refuseOrWait(Answer answer) {
        int status = answer.status();
        if (status >= 200 && status < 300) {
            return;
        }
        Duration retryAfter = retryAfter(answer.response());
        if (status == 429 || ((status == 400 || status == 403) && throttleCode(answer.body()))) {
            Duration wait = retryAfter != null ? retryAfter : settings.throttleWait();
            throttle(wait);
            throw new Throttled(name + " throttles (HTTP " + status + "): " + snippet(answer.body()), wait);
        }
        if (status >= 500 || status == 408) {
            if (retryAfter != null) {
                throttle(retryAfter);
            }
            throw new ErpUnavailableException(name + " answered HTTP " + status + ": " + snippet(answer.body()),
                    retryAfter);
        }
        throw new DocumentRefusedException("HTTP " + status + ": " + snippet(answer.body()));
    }

    /** No call to this ERP leaves before the wait it asked for has passed. */
    private void throttle(Duration wait) {
        Instant until = clock.instant().plus(wait);
        synchronized (this) {
            if (until.isAfter(throttledUntil)) {
                throttledUntil = until;
                log.info("{} asked to wait {}: no calls before {}", name, wait, until);
            }
        }
    }

    private boolean throttleCode(String body) {
        return body != null && settings.throttleCodes().stream().anyMatch(body::contains);
    }

    private URI uri(StoredDocument document) {
        return URI.create(base() + settings.paths().getOrDefault(document.document().kind(), "/documents"));
    }

    private String base() {
        return settings.baseUrl().endsWith("/") ? settings.baseUrl().substring(0, settings.baseUrl().length() - 1)
                : settings.baseUrl();
    }

    private Optional<String> idOf(String body, String pointer, StoredDocument document) {
        JsonNode id = parse(body, document).at(pointer);
        return id.isValueNode() && !id.asText().isBlank() ? Optional.of(id.asText()) : Optional.empty();
    }

    private JsonNode parse(String body, StoredDocument document) {
        try {
            JsonNode node = json.readTree(body == null ? "" : body);
            if (node == null || node.isMissingNode()) {
                throw new MalformedAnswerException("empty answer for " + document.documentNumber());
            }
            return node;
        } catch (IOException e) {
            throw new MalformedAnswerException("not JSON for " + document.documentNumber() + ": " + snippet(body));
        }
    }

    /** Retry-After as seconds or an HTTP date (RFC 9110 10.2.3); null if absent or unreadable. */
    static Duration retryAfter(HttpResponse<String> response) {
        Optional<String> header = response.headers().firstValue("Retry-After");
        if (header.isEmpty()) {
            return null;
        }
        String value = header.get().trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(Instant.now(),
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    private static String snippet(String body) {
        if (body == null) {
            return "";
        }
        return body.length() <= 300 ? body : body.substring(0, 300) + "…";
    }
}
