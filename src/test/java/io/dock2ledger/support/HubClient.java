package io.dock2ledger.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.canonical.CanonicalJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * What a full-hub test says to a hub over HTTP on localhost, written once for {@link HubIntegrationTest},
 * {@link DemoDayHubTest} and {@link HubWithOwnConfig}: Basic authentication per request (none for a null user), answers
 * as text. Redirects are never followed, so "anonymous is refused" sees the 302 to /login and not the login page's 200.
 * One {@link HttpClient} serves every test in the JVM: it is thread-safe, and each instance would start a selector
 * thread of its own.
 */
public final class HubClient {

    /** The development admin of application.yaml, the account the tests read the API with. */
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "dev-admin";

    private static final ObjectMapper JSON = CanonicalJson.newMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String baseUrl;

    public HubClient(int port) {
        this.baseUrl = "http://localhost:" + port;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** GET as {@code user} (null: anonymous), with extra headers as name, value pairs. */
    public HttpResponse<String> get(String pathAndQuery, String user, String password, String... headers) {
        HttpRequest.Builder request = request(pathAndQuery, user, password).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    public HttpResponse<String> post(String path, String user, String password, String contentType, String body) {
        return send(request(path, user, password).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public HttpResponse<String> postJson(String path, String user, String password, String json) {
        return post(path, user, password, "application/json", json);
    }

    /** GET as the development admin, parsed; any answer but 200 fails the test with the answer. */
    public JsonNode api(String pathAndQuery) {
        return api(pathAndQuery, ADMIN_PASSWORD);
    }

    /** GET as the admin with this password, parsed; any answer but 200 fails the test with the answer. */
    public JsonNode api(String pathAndQuery, String adminPassword) {
        HttpResponse<String> response = get(pathAndQuery, ADMIN, adminPassword);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
        }
        return json(response.body());
    }

    /** A request to this hub, with the Basic header when {@code user} is not null. */
    public HttpRequest.Builder request(String pathAndQuery, String user, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery));
        if (user != null) {
            request.header("Authorization", basic(user, password));
        }
        return request;
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Parsed with the hub's own mapper (CanonicalJson), so amounts stay BigDecimal. */
    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
