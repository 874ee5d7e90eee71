package io.dock2ledger.erp.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.posting.ErpUnavailableException;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * OAuth2 client credentials (RFC 6749 4.4) for one ERP: the token is fetched once, shared by every call and fetched
 * again shortly before it expires, or at once when the ERP answers 401 to it (a token revoked or rotated early).
 * The client secret comes from the environment and is sent only to the token endpoint.
 */
class OAuthTokens {

    /** Fetch a new token this long before the current one expires, so no call goes out with a dying token. */
    private static final Duration EARLY = Duration.ofSeconds(30);

    private final HttpClient http;
    private final ObjectMapper json;
    private final Clock clock;
    private final URI tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final String scope;
    private final Duration timeout;
    private String token;
    private Instant refreshAt = Instant.MIN;

    OAuthTokens(HttpClient http, ObjectMapper json, Clock clock, String tokenUrl, String clientId, String clientSecret,
                String scope, Duration timeout) {
        this.http = http;
        this.json = json;
        this.clock = clock;
        this.tokenUrl = tokenUrl == null || tokenUrl.isBlank() ? null : URI.create(tokenUrl);
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope;
        this.timeout = timeout;
    }

    boolean enabled() {
        return tokenUrl != null;
    }

    /** A valid access token, fetched if there is none or it is about to expire. */
    synchronized String token() {
        if (token == null || !clock.instant().isBefore(refreshAt)) {
            fetch();
        }
        return token;
    }

    /** The ERP refused this token (401): the next {@link #token()} fetches a new one, unless another call did already. */
    synchronized void rejected(String refused) {
        if (refused != null && refused.equals(token)) {
            token = null;
        }
    }

    private void fetch() {
        String form = "grant_type=client_credentials"
                + (scope == null || scope.isBlank() ? "" : "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8));
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(clientSecret == null ? "" : clientSecret, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(tokenUrl).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ErpUnavailableException("token endpoint unreachable: " + e, null, false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ErpUnavailableException("interrupted while fetching a token", null, false, e);
        }
        if (response.statusCode() != 200) {
            // Wrong credentials are not the document's fault: every document waits (and the health says why).
            throw new ErpUnavailableException("token endpoint answered " + response.statusCode(), null);
        }
        try {
            JsonNode body = json.readTree(response.body());
            String accessToken = body.path("access_token").asText(null);
            if (accessToken == null || accessToken.isBlank()) {
                throw new ErpUnavailableException("token endpoint answered without access_token", null);
            }
            long expiresIn = body.path("expires_in").asLong(3600);
            Instant now = clock.instant();
            Duration life = Duration.ofSeconds(expiresIn);
            token = accessToken;
            refreshAt = now.plus(life.compareTo(EARLY.multipliedBy(2)) > 0 ? life.minus(EARLY) : life.dividedBy(2));
        } catch (IOException e) {
            throw new ErpUnavailableException("token endpoint answered no JSON", null, false, e);
        }
    }
}
