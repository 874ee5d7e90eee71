package io.dock2ledger.security;

import io.dock2ledger.support.TestPasswordHashes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole hub on a random port, probed over real HTTP with a client that does not follow redirects.
 * A plain {@code @SpringBootTest} (not {@code @CamelSpringBootTest}, which switches JMX off) so that Jolokia sees
 * the Camel MBeans.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "camel.main.jmx-enabled=true")
@AutoConfigureObservability(tracing = false) // @SpringBootTest switches metrics export (and /actuator/prometheus) off
@Import({SecurityProbeController.class, TestPasswordHashes.class})
@DirtiesContext
class HubWebSecurityIT {

    static final String VIEWER_PASSWORD = "viewer-test-password";
    static final String OPERATOR_PASSWORD = "operator-test-password";
    static final String ADMIN_PASSWORD = "admin-test-password";

    static final String VIEWER = HttpProbe.basic("viewer", VIEWER_PASSWORD);
    static final String OPERATOR = HttpProbe.basic("operator", OPERATOR_PASSWORD);
    static final String ADMIN = HttpProbe.basic("admin", ADMIN_PASSWORD);
    static final String ADMIN_WRONG_PASSWORD = HttpProbe.basic("admin", "not-the-password");

    static final String CAMEL_CONTEXTS = "org.apache.camel:type=context,*";

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void isolatedState(DynamicPropertyRegistry registry) {
        registry.add("dock2ledger.data-dir", () -> dataDir.toString());
        // No routes are needed here; an empty folder keeps the test independent of the project's routes/.
        registry.add("dock2ledger.routes-dir", () -> emptyFolder("routes"));
        // Any free port: the default 2222 may be held by a hub or a test run elsewhere on the machine.
        registry.add("dock2ledger.sftp.port", () -> "0");
        registry.add("dock2ledger.security.viewer-password", () -> VIEWER_PASSWORD);
        registry.add("dock2ledger.security.operator-password", () -> OPERATOR_PASSWORD);
        registry.add("dock2ledger.security.admin-password", () -> ADMIN_PASSWORD);
    }

    private static String emptyFolder(String name) {
        try {
            return Files.createDirectories(dataDir.resolve(name)).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    HttpProbe http() {
        return HttpProbe.stateless(port);
    }

    // --- Hawtio ---

    @Test
    void anonymousBrowserIsRedirectedFromHawtioToTheLoginPage() {
        HttpResponse<String> response = http().get("/actuator/hawtio/index.html");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    @Test
    void anonymousHawtioRootIsRedirectedToTheLoginPage() {
        HttpResponse<String> response = http().get("/actuator/hawtio/");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    @Test
    void wrongPasswordOnHawtioIsRefused() {
        HttpResponse<String> response = http().get("/actuator/hawtio/index.html", ADMIN_WRONG_PASSWORD);

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void adminOpensTheHawtioConsole() {
        HttpResponse<String> response = http().get("/actuator/hawtio/index.html", ADMIN);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).containsIgnoringCase("hawtio");
    }

    @Test
    void browserLogsInByFormAndHawtioPostsToJolokiaWithTheCookieCsrfToken() {
        CookieManager cookies = new CookieManager();
        HttpProbe browser = HttpProbe.withCookies(port, cookies);

        HttpResponse<String> loginPage = browser.get("/login");
        assertThat(loginPage.statusCode()).isEqualTo(200);
        HttpResponse<String> login = browser.send(browser.request("/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=" + ADMIN_PASSWORD
                        + "&_csrf=" + xsrfCookie(cookies))));
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/actuator/hawtio/"));

        assertThat(browser.get("/actuator/hawtio/index.html").statusCode()).isEqualTo(200);
        HttpResponse<String> withToken = browser.send(browser.request("/actuator/hawtio/jolokia")
                .header("Content-Type", "application/json").header("X-XSRF-TOKEN", xsrfCookie(cookies))
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"version\"}")));
        HttpResponse<String> withoutToken = browser.postJson("/actuator/hawtio/jolokia", null, "{\"type\":\"version\"}");

        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(withToken.body()).contains("\"status\":200");
        assertThat(withoutToken.statusCode()).isEqualTo(403);
    }

    @Test
    void logoutEndsTheBrowserSession() {
        CookieManager cookies = new CookieManager();
        HttpProbe browser = HttpProbe.withCookies(port, cookies);
        browser.get("/login");
        browser.send(browser.request("/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=viewer&password=" + VIEWER_PASSWORD
                        + "&_csrf=" + xsrfCookie(cookies))));
        assertThat(browser.get("/actuator/hawtio/index.html").statusCode()).isEqualTo(200);

        HttpResponse<String> logout = browser.send(browser.request("/logout")
                .header("Accept", "text/html").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + xsrfCookie(cookies))));

        assertThat(logout.statusCode()).isEqualTo(302);
        assertThat(logout.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?logout"));
        assertThat(browser.get("/actuator/hawtio/index.html").statusCode()).isEqualTo(302);
    }

    @Test
    void hawtiosOwnLogoutEndsTheSpringSession() {
        CookieManager cookies = new CookieManager();
        HttpProbe browser = HttpProbe.withCookies(port, cookies);
        browser.get("/login");
        browser.send(browser.request("/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=viewer&password=" + VIEWER_PASSWORD
                        + "&_csrf=" + xsrfCookie(cookies))));
        assertThat(browser.get("/actuator/hawtio/index.html").statusCode()).isEqualTo(200);

        HttpResponse<String> logout = browser.get("/actuator/hawtio/auth/logout");

        assertThat(logout.statusCode()).isEqualTo(302);
        assertThat(browser.get("/actuator/hawtio/index.html").statusCode()).isEqualTo(302);
    }

    // --- Jolokia ---

    @Test
    void anonymousJolokiaGetsBasicChallenge() {
        for (String path : new String[] {"/actuator/jolokia", "/actuator/jolokia/version", "/actuator/hawtio/jolokia/version"}) {
            HttpResponse<String> response = http().get(path);

            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(path).hasValue("Basic realm=\"Dock2Ledger\"");
        }
    }

    @Test
    void wrongPasswordOnJolokiaIsRefused() {
        assertThat(http().get("/actuator/jolokia/version", ADMIN_WRONG_PASSWORD).statusCode()).isEqualTo(401);
        assertThat(http().postJson("/actuator/hawtio/jolokia", ADMIN_WRONG_PASSWORD, "{\"type\":\"version\"}").statusCode())
                .isEqualTo(401);
    }

    @Test
    void adminReadsCamelMBeanThroughJolokia() throws Exception {
        String camelContext = firstCamelContextMBean(ADMIN);

        JsonNode read = jolokia("/actuator/jolokia", ADMIN,
                "{\"type\":\"read\",\"mbean\":" + quoted(camelContext) + ",\"attribute\":\"State\"}");

        assertThat(read.path("status").asInt()).isEqualTo(200);
        assertThat(read.path("value").asText()).isEqualTo("Started");
    }

    @Test
    void adminReadsCamelMBeanThroughHawtiosJolokiaPath() throws Exception {
        String camelContext = firstCamelContextMBean(ADMIN);

        JsonNode read = jolokia("/actuator/hawtio/jolokia", ADMIN,
                "{\"type\":\"read\",\"mbean\":" + quoted(camelContext) + ",\"attribute\":\"CamelId\"}");

        assertThat(read.path("status").asInt()).isEqualTo(200);
        assertThat(camelContext).contains("context=" + read.path("value").asText());
    }

    @Test
    void viewerReadsButCannotExecuteOrWrite() throws Exception {
        String camelContext = firstCamelContextMBean(VIEWER);
        JsonNode read = jolokia("/actuator/jolokia", VIEWER,
                "{\"type\":\"read\",\"mbean\":" + quoted(camelContext) + ",\"attribute\":\"State\"}");
        assertThat(read.path("status").asInt()).isEqualTo(200);

        JsonNode exec = jolokia("/actuator/jolokia", VIEWER, "{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\"}");
        JsonNode write = jolokia("/actuator/jolokia", VIEWER,
                "{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\",\"value\":false}");

        assertThat(exec.path("status").asInt()).isEqualTo(403);
        assertThat(write.path("status").asInt()).isEqualTo(403);
    }

    @Test
    void viewerCannotExecuteThroughGetPathEither() throws Exception {
        HttpResponse<String> response = http().get("/actuator/jolokia/exec/java.lang:type=Memory/gc", VIEWER);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).path("status").asInt()).isEqualTo(403);
    }

    @Test
    void operatorCannotExecuteThroughJolokia() throws Exception {
        JsonNode exec = jolokia("/actuator/jolokia", OPERATOR, "{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\"}");

        assertThat(exec.path("status").asInt()).isEqualTo(403);
    }

    @Test
    void adminExecutesOperationsThroughJolokia() throws Exception {
        JsonNode exec = jolokia("/actuator/hawtio/jolokia", ADMIN, "{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\"}");

        assertThat(exec.path("status").asInt()).isEqualTo(200);
    }

    // --- API ---

    @Test
    void anonymousApiCallGets401NotARedirect() {
        HttpResponse<String> response = http().get("/api/v1/documents?source=X");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Dock2Ledger\"");
    }

    @Test
    void wrongPasswordOnApiGets401() {
        assertThat(http().get("/api/v1/documents?source=X", ADMIN_WRONG_PASSWORD).statusCode()).isEqualTo(401);
    }

    @Test
    void anonymousApiCallCreatesNoSession() {
        HttpResponse<String> response = http().get("/api/v1/documents?source=X");

        assertThat(response.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID"));
    }

    @Test
    void viewerReadsTheApi() {
        assertThat(http().get("/api/v1/security-probe", VIEWER).statusCode()).isEqualTo(200);
    }

    @Test
    void basicCallsCreateNoSession() {
        HttpResponse<String> api = http().get("/api/v1/security-probe", VIEWER);
        HttpResponse<String> jolokia = http().postJson("/actuator/jolokia", VIEWER, "{\"type\":\"version\"}");

        assertThat(api.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID"));
        assertThat(jolokia.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID"));
    }

    @Test
    void operatorChangesThroughTheApiWithoutCsrfToken() {
        HttpResponse<String> response = http().postJson("/api/v1/security-probe", OPERATOR, "{}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("changed");
    }

    @Test
    void viewerIsForbiddenToChangeThroughTheApi() {
        assertThat(http().postJson("/api/v1/security-probe", VIEWER, "{}").statusCode()).isEqualTo(403);
    }

    @Test
    void anonymousChangeThroughTheApiGets401() {
        assertThat(http().postJson("/api/v1/security-probe", null, "{}").statusCode()).isEqualTo(401);
    }

    @Test
    void onlyAdminReachesAdminApiPaths() {
        assertThat(http().postJson("/api/v1/admin/anything", OPERATOR, "{}").statusCode()).isEqualTo(403);
        assertThat(http().postJson("/api/v1/admin/anything", ADMIN, "{}").statusCode()).isEqualTo(404);
    }

    @Test
    void crossSiteBasicPostStillNeedsCsrfToken() {
        HttpResponse<String> response = http().send(http().request("/api/v1/security-probe")
                .header("Authorization", OPERATOR).header("Sec-Fetch-Site", "cross-site")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void partnerWebhooksPassTheFilterForTheirControllerToVerify() {
        // No controller exists yet: 404 (not 401/403) shows the security filter let the request through.
        assertThat(http().postJson("/api/v1/inbound/acme/shipments", null, "{}").statusCode()).isEqualTo(404);
    }

    // --- Actuator and API docs ---

    @Test
    void healthIsPublicWithoutDetails() throws Exception {
        HttpResponse<String> response = http().get("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = json.readTree(response.body());
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.has("components")).isFalse();
    }

    @Test
    void healthShowsDetailsToViewer() throws Exception {
        HttpResponse<String> response = http().get("/actuator/health", VIEWER);

        assertThat(json.readTree(response.body()).has("components")).isTrue();
    }

    @Test
    void infoIsPublic() {
        assertThat(http().get("/actuator/info").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsNeedViewer() {
        assertThat(http().get("/actuator/prometheus").statusCode()).isEqualTo(401);
        assertThat(http().get("/actuator/metrics/jvm.memory.used").statusCode()).isEqualTo(401);
        assertThat(http().get("/actuator/prometheus", VIEWER).statusCode()).isEqualTo(200);
        assertThat(http().get("/actuator/metrics/jvm.memory.used", VIEWER).statusCode()).isEqualTo(200);
    }

    @Test
    void apiDocsNeedViewerAndDeclareBasicAuth() throws Exception {
        assertThat(http().get("/v3/api-docs").statusCode()).isEqualTo(401);

        HttpResponse<String> response = http().get("/v3/api-docs", VIEWER);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode docs = json.readTree(response.body());
        assertThat(docs.at("/info/title").asText()).isEqualTo("Dock2Ledger API");
        assertThat(docs.at("/components/securitySchemes/basicAuth/scheme").asText()).isEqualTo("basic");
        assertThat(docs.at("/security/0").has("basicAuth")).isTrue();
    }

    @Test
    void anonymousSwaggerUiIsRedirectedToTheLoginPage() {
        HttpResponse<String> response = http().get("/swagger-ui/index.html");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    // --- helpers ---

    private static String xsrfCookie(CookieManager cookies) {
        return cookies.getCookieStore().getCookies().stream()
                .filter(cookie -> cookie.getName().equals("XSRF-TOKEN") && !cookie.getValue().isEmpty())
                .map(HttpCookie::getValue)
                .reduce((first, latest) -> latest)
                .orElseThrow(() -> new AssertionError("no XSRF-TOKEN cookie"));
    }

    private String firstCamelContextMBean(String authorization) throws Exception {
        JsonNode search = jolokia("/actuator/jolokia", authorization, "{\"type\":\"search\",\"mbean\":\"" + CAMEL_CONTEXTS + "\"}");
        assertThat(search.path("status").asInt()).as(search.toString()).isEqualTo(200);
        assertThat(search.path("value")).as("Camel context MBeans (is JMX on?)").isNotEmpty();
        return search.path("value").get(0).asText();
    }

    private JsonNode jolokia(String path, String authorization, String body) throws Exception {
        HttpResponse<String> response = http().postJson(path, authorization, body);
        // Jolokia answers HTTP 200 and reports each request's outcome (a refused exec: 403) in the JSON body.
        assertThat(response.statusCode()).as(path + " " + body + " -> " + response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private String quoted(String value) throws Exception {
        return json.writeValueAsString(value);
    }
}
