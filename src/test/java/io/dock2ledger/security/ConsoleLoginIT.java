package io.dock2ledger.security;

import io.dock2ledger.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console login as a browser walks it, over real HTTP to the whole hub: a client that keeps cookies and does not
 * follow redirects, sending the headers a browser sends. Between opening the console and submitting the login form a
 * browser fetches other things (the favicon, images, scripts, source maps, {@code /.well-known/...}, Hawtio's own
 * XHRs); none of them may become the page the login returns to (issue 9, item 6: the login landed on
 * {@code /favicon.ico?continue}).
 */
class ConsoleLoginIT extends HubIntegrationTest {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    /** A subresource or script request a browser may send while the login page is open. */
    record BrowserFetch(String what, String path, String accept, String fetchDest, String fetchMode, String requestedWith) {

        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Arguments> requestsABrowserSendsBesidesPages() {
        return Stream.of(
                new BrowserFetch("favicon", "/favicon.ico", "image/avif,image/webp,*/*", "image", "no-cors", null),
                new BrowserFetch("image", "/actuator/hawtio/img/logo.svg",
                        "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8", "image", "no-cors", null),
                new BrowserFetch("stylesheet", "/actuator/hawtio/static/css/main.css", "text/css,*/*;q=0.1", "style", "no-cors", null),
                new BrowserFetch("script", "/actuator/hawtio/static/js/main.js", "*/*", "script", "no-cors", null),
                new BrowserFetch("source map (devtools)", "/actuator/hawtio/static/js/main.js.map", "*/*", "empty", "cors", null),
                new BrowserFetch("well-known", "/.well-known/appspecific/com.chrome.devtools.json", "*/*", "empty", "cors", null),
                new BrowserFetch("Hawtio fetch", "/actuator/hawtio/user", "application/json, text/plain, */*", "empty", "cors", null),
                new BrowserFetch("Jolokia XHR", "/actuator/hawtio/jolokia/version", "*/*", "empty", "cors", "XMLHttpRequest"),
                new BrowserFetch("API fetch", "/api/v1/exceptions", "application/json", "empty", "cors", null),
                // Browsers without fetch metadata: only the Accept header tells that this is no page.
                new BrowserFetch("favicon, old browser", "/favicon.ico", "image/webp,*/*", null, null, null),
                new BrowserFetch("XHR, old browser", "/actuator/hawtio/user", "*/*", null, null, "XMLHttpRequest"))
                .map(Arguments::of);
    }

    @Test
    void loginAfterTheBrowserFetchedTheFaviconLandsOnTheConsole() {
        Browser browser = new Browser();

        HttpResponse<String> console = browser.navigate("/actuator/hawtio/");
        assertThat(console.statusCode()).isEqualTo(302);
        assertThat(console.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        assertThat(console.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("JSESSIONID="));
        browser.fetch(new BrowserFetch("favicon", "/favicon.ico", "image/avif,image/webp,*/*", "image", "no-cors", null));

        HttpResponse<String> login = browser.logIn("admin", ADMIN_PASSWORD);

        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(pathOf(login)).isEqualTo("/actuator/hawtio/");
        assertThat(browser.navigate(URI.create(location(login)).getRawPath() + "?continue").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestsABrowserSendsBesidesPages")
    void loginLandsOnTheConsolePageWhateverTheBrowserFetchedMeanwhile(BrowserFetch meanwhile) {
        Browser browser = new Browser();
        assertThat(browser.navigate("/actuator/hawtio/").statusCode()).isEqualTo(302);
        browser.fetch(meanwhile);

        HttpResponse<String> login = browser.logIn("admin", ADMIN_PASSWORD);

        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(pathOf(login)).isEqualTo("/actuator/hawtio/");
    }

    @Test
    void loginReturnsToADeepConsoleLink() {
        Browser browser = new Browser();
        assertThat(browser.navigate("/actuator/hawtio/camel/routes").statusCode()).isEqualTo(302);
        browser.fetch(new BrowserFetch("favicon", "/favicon.ico", "image/avif,image/webp,*/*", "image", "no-cors", null));

        HttpResponse<String> login = browser.logIn("viewer", "dev-viewer");

        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(pathOf(login)).isEqualTo("/actuator/hawtio/camel/routes");
    }

    @Test
    void loginWithNothingRememberedOpensTheConsole() {
        Browser browser = new Browser();

        HttpResponse<String> login = browser.logIn("viewer", "dev-viewer");

        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(pathOf(login)).isEqualTo("/actuator/hawtio/");
    }

    private static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location header"));
    }

    private static String pathOf(HttpResponse<String> redirect) {
        return URI.create(location(redirect)).getPath();
    }

    /** Cookies kept, redirects not followed, headers as Firefox and Chromium send them. */
    private final class Browser {

        private final HttpProbe http = HttpProbe.withCookies(port, new CookieManager());

        /** A top-level page navigation: typed into the address bar or a followed link. */
        HttpResponse<String> navigate(String path) {
            return http.send(http.request(path)
                    .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                    .header("Sec-Fetch-Dest", "document")
                    .header("Sec-Fetch-Mode", "navigate")
                    .header("Sec-Fetch-Site", "same-origin")
                    .GET());
        }

        HttpResponse<String> fetch(BrowserFetch fetch) {
            HttpRequest.Builder request = http.request(fetch.path()).header("Accept", fetch.accept()).GET();
            if (fetch.fetchDest() != null) {
                request.header("Sec-Fetch-Dest", fetch.fetchDest()).header("Sec-Fetch-Mode", fetch.fetchMode())
                        .header("Sec-Fetch-Site", "same-origin");
            }
            if (fetch.requestedWith() != null) {
                request.header("X-Requested-With", fetch.requestedWith());
            }
            return http.send(request);
        }

        /** Opens the login page and submits its form with the CSRF token the page carries. */
        HttpResponse<String> logIn(String user, String password) {
            HttpResponse<String> page = navigate("/login");
            assertThat(page.statusCode()).isEqualTo(200);
            Matcher csrf = CSRF_FIELD.matcher(page.body());
            assertThat(csrf.find()).as("a _csrf field in the login page").isTrue();
            String form = "username=" + encoded(user) + "&password=" + encoded(password) + "&_csrf=" + encoded(csrf.group(1));
            return http.send(http.request("/login")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                    .header("Sec-Fetch-Dest", "document")
                    .header("Sec-Fetch-Mode", "navigate")
                    .header("Sec-Fetch-Site", "same-origin")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
        }

        private static String encoded(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }
}
