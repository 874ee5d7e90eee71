package io.dock2ledger.security;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * A plain HTTP client that never follows redirects, so "anonymous is refused" sees the 302 to the login page
 * rather than the login page's 200 (the trap with TestRestTemplate).
 */
final class HttpProbe {

    private final String baseUrl;
    private final HttpClient client;

    private HttpProbe(String baseUrl, HttpClient client) {
        this.baseUrl = baseUrl;
        this.client = client;
    }

    /** Stateless: no cookies kept between requests. */
    static HttpProbe stateless(int port) {
        return new HttpProbe("http://localhost:" + port, builder().build());
    }

    /** Like a browser: keeps the session and XSRF-TOKEN cookies. */
    static HttpProbe withCookies(int port, CookieManager cookies) {
        return new HttpProbe("http://localhost:" + port, builder().cookieHandler(cookies).build());
    }

    private static HttpClient.Builder builder() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10));
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    HttpResponse<String> get(String path, String authorization) {
        return send(request(path).header("Authorization", authorization).GET());
    }

    HttpResponse<String> postJson(String path, String authorization, String json) {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }
}
