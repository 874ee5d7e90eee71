package io.dock2ledger.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.dock2ledger.support.HubIntegrationTest;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may call what, for every HTTP path the hub serves: one row per request, with the exact answer for anonymous,
 * viewer, operator and admin (docs/security.md, "Role matrix").
 *
 * <p>Complete by construction: {@link #everyServedPathIsInTheMatrix()} lists at runtime every Spring MVC handler
 * method (API controllers, actuator operations, springdoc, error), every URL handler mapping (static resources,
 * Hawtio), every servlet besides the dispatcher (Jolokia, Hawtio's) and every exposed actuator endpoint, and fails
 * when one has no row here. A new endpoint cannot be added without deciding its roles. It also fails on rows that
 * name something no longer served.
 *
 * <p>Requests are sent over real HTTP to the whole hub ({@link HubIntegrationTest}, the shared context) with a client
 * that never follows redirects, with HTTP Basic credentials (no session, no CSRF token needed) or none. Jolokia
 * answers HTTP 200 and puts the outcome of each request in its body, so Jolokia rows check the body's status.
 */
class AuthMatrixIT extends HubIntegrationTest {

    private static final String VIEWER = HttpProbe.basic("viewer", "dev-viewer");
    private static final String OPERATOR = HttpProbe.basic("operator", "dev-operator");
    private static final String ADMIN = HttpProbe.basic("admin", ADMIN_PASSWORD);

    /** A route every hub has (routes/canonical-events-to-finance.camel.yaml). */
    private static final String ROUTE = "canonical-events-to-finance";
    /** A partner with the webhook channel (config/partners/wh-east.yaml). */
    private static final String WEBHOOK_PARTNER = "wh-east";
    private static final String MEMORY = "java.lang:type=Memory";

    @Autowired
    private ApplicationContext context;

    @Autowired
    private ServletContext servletContext;

    @Autowired
    private PathMappedEndpoints actuatorEndpoints;

    /** An expected answer: an HTTP status, the Jolokia status in the body, or a redirect. */
    record Expect(int status, Integer jolokiaStatus, String location) {

        static Expect status(int status) {
            return new Expect(status, null, null);
        }

        /** HTTP 200 whose Jolokia body says {@code status}. */
        static Expect jolokia(int status) {
            return new Expect(200, status, null);
        }

        static Expect redirect(String locationEnd) {
            return new Expect(302, null, locationEnd);
        }

        @Override
        public String toString() {
            return jolokiaStatus != null ? "200 {status:" + jolokiaStatus + "}" : location != null ? "302 -> " + location : String.valueOf(status);
        }
    }

    /**
     * One request and its expected answer per caller.
     *
     * @param serves what it proves the roles of, as {@link #servedPaths()} names it; {@code null} for requests to paths
     *               not served on their own (a refused method, a rule that has no endpoint yet)
     */
    record Row(String serves, String method, String path, String body, Expect anonymous, Expect viewer, Expect operator,
               Expect admin) {

        Expect expected(int caller) {
            return List.of(anonymous, viewer, operator, admin).get(caller);
        }

        @Override
        public String toString() {
            return method + " " + path + (body == null ? "" : " " + body);
        }
    }

    private static final Expect OK = Expect.status(200);
    private static final Expect NOT_FOUND = Expect.status(404);
    private static final Expect FORBIDDEN = Expect.status(403);
    private static final Expect UNAUTHORIZED = Expect.status(401);
    private static final Expect TO_LOGIN = Expect.redirect("/login");
    private static final Expect J_OK = Expect.jolokia(200);
    private static final Expect J_FORBIDDEN = Expect.jolokia(403);

    /** Viewer and up read; anonymous gets the Basic challenge. */
    private static Row read(String serves, String path, Expect answer) {
        return new Row(serves, "GET", path, null, UNAUTHORIZED, answer, answer, answer);
    }

    /** Operator and up change; a viewer is forbidden. */
    private static Row change(String serves, String method, String path, String body, Expect answer) {
        return new Row(serves, method, path, body, UNAUTHORIZED, FORBIDDEN, answer, answer);
    }

    /** A browser page: anonymous is sent to the login form. */
    private static Row page(String serves, String path, Expect answer) {
        return new Row(serves, "GET", path, null, TO_LOGIN, answer, answer, answer);
    }

    /** The same answer for everyone: public paths and paths whose own check is not a hub account. */
    private static Row open(String serves, String method, String path, String body, Expect answer) {
        return new Row(serves, method, path, body, answer, answer, answer, answer);
    }

    /** A Jolokia request, sent as a POST body to both Jolokia paths by {@link #matrix()}. */
    private static Row jolokia(String body, Expect viewer, Expect operator, Expect admin) {
        return new Row("servlet /actuator/jolokia/*", "POST", "/actuator/jolokia", body, UNAUTHORIZED, viewer, operator, admin);
    }

    static List<Row> matrix() {
        List<Row> rows = new ArrayList<>(List.of(
                // --- REST API: GET viewer, other methods operator; unknown ids answer 404 once authorised
                read("GET /api/v1/documents", "/api/v1/documents?source=MATRIX-NONE", OK),
                read(null, "/api/v1/documents", Expect.status(400)),
                change("POST /api/v1/documents/{documentNumber}/reversal", "POST",
                        "/api/v1/documents/MATRIX-NONE/reversal", "{\"reason\":\"auth matrix\"}", NOT_FOUND),
                change(null, "POST", "/api/v1/documents/MATRIX-NONE/reversal", "{}", Expect.status(400)),
                read("GET /api/v1/documents/{documentNumber}/delivery", "/api/v1/documents/MATRIX-NONE/delivery", NOT_FOUND),
                // Approving or rejecting a held document is a finance decision: admins only, not operators.
                new Row("POST /api/v1/documents/{documentNumber}/approve", "POST", "/api/v1/documents/MATRIX-NONE/approve",
                        "{}", UNAUTHORIZED, FORBIDDEN, FORBIDDEN, NOT_FOUND),
                new Row("POST /api/v1/documents/{documentNumber}/reject", "POST", "/api/v1/documents/MATRIX-NONE/reject",
                        "{\"reason\":\"auth matrix\"}", UNAUTHORIZED, FORBIDDEN, FORBIDDEN, NOT_FOUND),
                read("GET /api/v1/balances/orders/{orderId}", "/api/v1/balances/orders/MATRIX-NONE", NOT_FOUND),
                read("GET /api/v1/balances/purchase-orders/{poId}", "/api/v1/balances/purchase-orders/MATRIX-NONE", NOT_FOUND),
                read("GET /api/v1/balances/rmas/{rmaId}", "/api/v1/balances/rmas/MATRIX-NONE", NOT_FOUND),
                read("GET /api/v1/events/{eventId}", "/api/v1/events/MATRIX-NONE", NOT_FOUND),
                // Reconciliation, KPIs, replay and the rule-change preview (issue 12): viewers read, operators act.
                // The changes are sent so that they touch nothing: an unknown entity, an empty selection, a bad range.
                read("GET /api/v1/kpis", "/api/v1/kpis", OK),
                read("GET /api/v1/reconciliation", "/api/v1/reconciliation?entity=MATRIX-NONE&date=2026-11-26", OK),
                read(null, "/api/v1/reconciliation", Expect.status(400)),
                change("POST /api/v1/reconciliation/runs", "POST", "/api/v1/reconciliation/runs?entity=MATRIX-NONE&date=2026-11-26",
                        "{}", OK),
                change("POST /api/v1/replay", "POST", "/api/v1/replay", "{}", Expect.status(400)),
                change("POST /api/v1/posting-rules/preview", "POST", "/api/v1/posting-rules/preview?from=2026-11-26&to=2026-11-25",
                        "{}", Expect.status(400)),
                read("GET /api/v1/exceptions", "/api/v1/exceptions", OK),
                read(null, "/api/v1/exceptions?status=MATRIX", Expect.status(400)),
                read("GET /api/v1/exceptions/{id}", "/api/v1/exceptions/987654321", NOT_FOUND),
                change("POST /api/v1/exceptions/{id}/resubmit", "POST", "/api/v1/exceptions/987654321/resubmit", "{}", NOT_FOUND),
                change("POST /api/v1/exceptions/{id}/discard", "POST", "/api/v1/exceptions/987654321/discard",
                        "{\"reason\":\"auth matrix\"}", NOT_FOUND),
                change("POST /api/v1/exceptions/{id}/assign", "POST", "/api/v1/exceptions/987654321/assign",
                        "{\"owner\":\"auth-matrix\"}", NOT_FOUND),
                read("GET /api/v1/files", "/api/v1/files?partner=MATRIX-NONE", OK),
                read("GET /api/v1/files/{id}", "/api/v1/files/MATRIX-NONE", NOT_FOUND),
                change("POST /api/v1/shipping-orders", "POST", "/api/v1/shipping-orders", "{}", Expect.status(422)),
                read("GET /api/v1/outbound-documents", "/api/v1/outbound-documents?partner=MATRIX-NONE", OK),
                read("GET /api/v1/outbound-documents/{id}", "/api/v1/outbound-documents/987654321", NOT_FOUND),
                read("GET /api/v1/outbound-documents/{id}/content", "/api/v1/outbound-documents/987654321/content", NOT_FOUND),
                // A change the API does not serve is still refused to a viewer before anything else.
                change(null, "DELETE", "/api/v1/exceptions", null, Expect.status(405)),
                // Admin-only API paths: the rule stands before any endpoint exists.
                new Row(null, "POST", "/api/v1/admin/anything", "{}", UNAUTHORIZED, FORBIDDEN, FORBIDDEN, NOT_FOUND),
                // Partner webhooks: no account is asked for; the controller checks the partner and the signature.
                open("POST /api/v1/inbound/{partner}", "POST", "/api/v1/inbound/" + WEBHOOK_PARTNER, "{}", UNAUTHORIZED),
                open(null, "POST", "/api/v1/inbound/matrix-nobody", "{}", NOT_FOUND),

                // --- API description and Swagger UI
                read("GET /v3/api-docs", "/v3/api-docs", OK),
                read("GET /v3/api-docs.yaml", "/v3/api-docs.yaml", OK),
                read("GET /v3/api-docs/swagger-config", "/v3/api-docs/swagger-config", OK),
                page("GET /swagger-ui.html", "/swagger-ui.html", Expect.redirect("/swagger-ui/index.html")),
                page("* /swagger-ui*/**", "/swagger-ui/index.html", OK),
                page("* /swagger-ui*/*swagger-initializer.js", "/swagger-ui/swagger-initializer.js", OK),

                // --- Actuator: health and info public, the rest viewer; writes admin
                read("GET /actuator", "/actuator", OK),
                open("GET /actuator/health", "GET", "/actuator/health", null, OK),
                new Row("GET /actuator/health/**", "GET", "/actuator/health/db", null, NOT_FOUND, OK, OK, OK),
                open("GET /actuator/info", "GET", "/actuator/info", null, OK),
                read("GET /actuator/prometheus", "/actuator/prometheus", OK),
                read("GET /actuator/metrics", "/actuator/metrics", OK),
                read("GET /actuator/metrics/{requiredMetricName}", "/actuator/metrics/jvm.memory.used", OK),
                read("GET /actuator/camelroutes", "/actuator/camelroutes", OK),
                read("GET /actuator/camelroutes/{id}/{action}", "/actuator/camelroutes/" + ROUTE + "/info", OK),
                // camelroutes is read-only: its write operation is not served (405), and only an admin gets that far.
                new Row(null, "POST", "/actuator/camelroutes/" + ROUTE + "/stop", "{}", UNAUTHORIZED, FORBIDDEN, FORBIDDEN,
                        Expect.status(405)),
                new Row(null, "POST", "/actuator/camelroutes/" + ROUTE + "/start", "{}", UNAUTHORIZED, FORBIDDEN, FORBIDDEN,
                        Expect.status(405)),

                // --- Jolokia: viewers read, admins change (JolokiaAccessRestrictor, JolokiaRequestGuard)
                read("GET /actuator/jolokia", "/actuator/jolokia/version", OK),
                jolokia("{\"type\":\"version\"}", J_OK, J_OK, J_OK),
                jolokia("{\"type\":\"read\",\"mbean\":\"" + MEMORY + "\",\"attribute\":\"HeapMemoryUsage\"}", J_OK, J_OK, J_OK),
                jolokia("{\"type\":\"list\",\"path\":\"java.lang/type=Memory\"}", J_OK, J_OK, J_OK),
                jolokia("{\"type\":\"search\",\"mbean\":\"java.lang:*\"}", J_OK, J_OK, J_OK),
                jolokia("{\"type\":\"exec\",\"mbean\":\"" + MEMORY + "\",\"operation\":\"gc\"}", J_FORBIDDEN, J_FORBIDDEN, J_OK),
                jolokia("{\"type\":\"write\",\"mbean\":\"" + MEMORY + "\",\"attribute\":\"Verbose\",\"value\":false}",
                        J_FORBIDDEN, J_FORBIDDEN, J_OK),
                jolokia("{\"type\":\"notification\",\"command\":\"register\"}", J_FORBIDDEN, J_FORBIDDEN, J_OK),
                // Jolokia itself reports an unknown notification client as 500; what matters here is the 403 below admin.
                jolokia("{\"type\":\"notification\",\"command\":\"list\",\"client\":\"matrix-none\"}", J_FORBIDDEN, J_FORBIDDEN,
                        Expect.jolokia(500)),
                jolokia("{\"type\":\"config\"}", J_FORBIDDEN, J_FORBIDDEN, J_OK),
                jolokia("{\"type\":\"read\",\"mbean\":\"" + MEMORY + "\",\"attribute\":\"HeapMemoryUsage\","
                        + "\"target\":{\"url\":\"service:jmx:rmi:///jndi/rmi://127.0.0.1:1/jmxrmi\"}}", J_FORBIDDEN, J_FORBIDDEN, J_FORBIDDEN),
                new Row("servlet /actuator/jolokia/*", "GET", "/actuator/jolokia/exec/" + MEMORY + "/gc", null, UNAUTHORIZED,
                        J_FORBIDDEN, J_FORBIDDEN, J_OK),
                new Row("servlet /actuator/jolokia/*", "GET", "/actuator/jolokia/notification/register", null, UNAUTHORIZED,
                        J_FORBIDDEN, J_FORBIDDEN, J_OK),

                // --- Hawtio: console pages for every account, its Jolokia path as Jolokia
                page("* /actuator/hawtio/", "/actuator/hawtio/", OK),
                page("* /actuator/hawtio/**", "/actuator/hawtio/index.html", OK),
                page("GET /actuator/hawtio", "/actuator/hawtio", Expect.redirect("/actuator/hawtio/")),
                new Row("* /actuator/hawtio/jolokia/**", "POST", "/actuator/hawtio/jolokia",
                        "{\"type\":\"exec\",\"mbean\":\"" + MEMORY + "\",\"operation\":\"gc\"}", UNAUTHORIZED, J_FORBIDDEN,
                        J_FORBIDDEN, J_OK),
                new Row("* /actuator/hawtio/jolokia/**", "POST", "/actuator/hawtio/jolokia",
                        "{\"type\":\"notification\",\"command\":\"register\"}", UNAUTHORIZED, J_FORBIDDEN, J_FORBIDDEN, J_OK),
                new Row("* /actuator/hawtio/jolokia/**", "GET", "/actuator/hawtio/jolokia/version", null, UNAUTHORIZED,
                        J_OK, J_OK, J_OK),
                page("GET /actuator/hawtio/plugin", "/actuator/hawtio/plugin", OK),
                page("servlet /actuator/hawtio/user/*", "/actuator/hawtio/user", OK),
                page("servlet /actuator/hawtio/keycloak/*", "/actuator/hawtio/keycloak/enabled", OK),
                page("servlet /actuator/hawtio/auth/config/*", "/actuator/hawtio/auth/config/", OK),
                page("servlet /actuator/hawtio/auth/logout", "/actuator/hawtio/auth/logout", Expect.redirect("/actuator/hawtio/")),
                // Hawtio's own login form posts here; without a session's CSRF token only HTTP Basic callers pass.
                new Row("servlet /actuator/hawtio/auth/login", "POST", "/actuator/hawtio/auth/login",
                        "{\"username\":\"viewer\",\"password\":\"dev-viewer\"}", FORBIDDEN, OK, OK, OK),
                // Hawtio's proxy would forward a console user's requests to this host's ports: switched off for all.
                page("servlet /actuator/hawtio/proxy/*", "/actuator/hawtio/proxy/enabled", OK),
                page(null, "/actuator/hawtio/proxy/http/localhost:PORT/actuator/info", NOT_FOUND),

                // --- The exceptions workbench (issue 12): pages for every account, actions for operators. A form post
                // without a session's CSRF token passes only for HTTP Basic callers; an unknown exception is reported
                // on its page (a redirect), like any failed action.
                page("GET /ops", "/ops", Expect.redirect("/ops/exceptions")),
                page("GET /ops/", "/ops/", Expect.redirect("/ops/exceptions")),
                page("GET /ops/exceptions", "/ops/exceptions", OK),
                page("GET /ops/exceptions/{id}", "/ops/exceptions/987654321", NOT_FOUND),
                page("GET /ops/files", "/ops/files", OK),
                page("GET /ops/files/{id}/raw", "/ops/files/MATRIX-NONE/raw", NOT_FOUND),
                new Row("POST /ops/exceptions/{id}/resubmit", "POST", "/ops/exceptions/987654321/resubmit", "{}", FORBIDDEN,
                        FORBIDDEN, Expect.redirect("/ops/exceptions/987654321"), Expect.redirect("/ops/exceptions/987654321")),
                new Row("POST /ops/exceptions/{id}/discard", "POST", "/ops/exceptions/987654321/discard", "{}", FORBIDDEN,
                        FORBIDDEN, Expect.redirect("/ops/exceptions/987654321"), Expect.redirect("/ops/exceptions/987654321")),
                new Row("POST /ops/exceptions/{id}/assign", "POST", "/ops/exceptions/987654321/assign", "{}", FORBIDDEN,
                        FORBIDDEN, Expect.redirect("/ops/exceptions/987654321"), Expect.redirect("/ops/exceptions/987654321")),
                // The KPI, reconciliation and approvals pages: read by all; raising differences is an operator's,
                // approving or rejecting a held document an admin's (a refused one is reported on the page).
                page("GET /ops/kpis", "/ops/kpis", OK),
                page("GET /ops/reconciliation", "/ops/reconciliation?entity=US01&date=2026-11-26", OK),
                page(null, "/ops/reconciliation?date=2026-11-26", OK),
                new Row("POST /ops/reconciliation/runs", "POST", "/ops/reconciliation/runs?entity=MATRIX-NONE&date=2026-11-26",
                        "{}", FORBIDDEN, FORBIDDEN, Expect.redirect("/ops/reconciliation?entity=MATRIX-NONE&date=2026-11-26"),
                        Expect.redirect("/ops/reconciliation?entity=MATRIX-NONE&date=2026-11-26")),
                page("GET /ops/approvals", "/ops/approvals", OK),
                new Row("POST /ops/approvals/{documentNumber}/approve", "POST", "/ops/approvals/MATRIX-NONE/approve", "{}",
                        FORBIDDEN, FORBIDDEN, FORBIDDEN, Expect.redirect("/ops/approvals")),
                new Row("POST /ops/approvals/{documentNumber}/reject", "POST", "/ops/approvals/MATRIX-NONE/reject", "{}",
                        FORBIDDEN, FORBIDDEN, FORBIDDEN, Expect.redirect("/ops/approvals")),

                // --- Sign-in and sign-out (Spring Security's own pages)
                open(null, "GET", "/login", null, OK),
                open(null, "GET", "/logout", null, OK),
                // Without a CSRF token only HTTP Basic callers get past the CSRF check: no form fields, so a failed login.
                new Row(null, "POST", "/login", "{}", FORBIDDEN, Expect.redirect("/login?error"),
                        Expect.redirect("/login?error"), Expect.redirect("/login?error")),
                // A logout that is not a browser's (no Accept: text/html) answers 204 rather than redirecting.
                new Row(null, "POST", "/logout", "{}", FORBIDDEN, Expect.status(204), Expect.status(204), Expect.status(204)),

                // Spring Boot's error page, when asked for directly, has no error to show.
                open("* /error", "GET", "/error", null, Expect.status(500)),

                // --- Anything else: anonymous to the login form, accounts get 404
                page("* /**", "/matrix-nothing-here", NOT_FOUND),
                page("* /webjars/**", "/webjars/matrix-nothing-here.js", NOT_FOUND)));
        return rows;
    }

    @Test
    void everyCallerGetsExactlyTheAnswerTheMatrixSays() {
        List<String> callers = Arrays.asList(null, VIEWER, OPERATOR, ADMIN);
        List<String> names = List.of("anonymous", "viewer", "operator", "admin");
        SoftAssertions softly = new SoftAssertions();
        for (Row row : matrix()) {
            for (int caller = 0; caller < callers.size(); caller++) {
                Expect expected = row.expected(caller);
                HttpResponse<String> response = send(row, callers.get(caller));
                softly.assertThat(actual(response, expected)).as(names.get(caller) + " " + row).isEqualTo(expected.toString());
            }
            if (row.path().startsWith("/actuator/jolokia") && row.method().equals("POST")) {
                // Hawtio's Jolokia path is forwarded to the same servlet and must answer the same.
                Row hawtio = new Row(row.serves(), row.method(), "/actuator/hawtio/jolokia", row.body(), row.anonymous(),
                        row.viewer(), row.operator(), row.admin());
                for (int caller = 0; caller < callers.size(); caller++) {
                    Expect expected = hawtio.expected(caller);
                    softly.assertThat(actual(send(hawtio, callers.get(caller)), expected))
                            .as(names.get(caller) + " " + hawtio).isEqualTo(expected.toString());
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void everyServedPathIsInTheMatrix() {
        Set<String> served = servedPaths();
        Set<String> decided = matrix().stream().map(Row::serves).filter(s -> s != null).collect(Collectors.toCollection(TreeSet::new));

        assertThat(served).as("served paths without a row in the matrix (decide their roles)").isSubsetOf(decided);
        assertThat(decided).as("matrix rows for paths that are not served").isSubsetOf(served);
    }

    /**
     * Everything the hub answers, named as the matrix rows' {@code serves}: handler methods as
     * {@code "GET /api/v1/exceptions"} ({@code "*"} for any method), URL handler patterns as {@code "* /pattern"},
     * servlets as {@code "servlet /mapping"} and actuator endpoints as their {@code GET} root path.
     */
    private Set<String> servedPaths() {
        Set<String> served = new TreeSet<>();
        for (RequestMappingInfoHandlerMapping mapping : context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (String pattern : info.getPatternValues()) {
                    if (methods.isEmpty()) {
                        served.add("* " + pattern);
                    }
                    methods.forEach(method -> served.add(method + " " + pattern));
                }
            }
        }
        for (AbstractUrlHandlerMapping mapping : context.getBeansOfType(AbstractUrlHandlerMapping.class).values()) {
            mapping.getHandlerMap().keySet().forEach(pattern -> served.add("* " + pattern));
        }
        for (ServletRegistration servlet : servletContext.getServletRegistrations().values()) {
            if (!servlet.getMappings().contains("/")) {
                servlet.getMappings().forEach(mapping -> served.add("servlet " + mapping));
            }
        }
        // Each exposed actuator endpoint at least by its root path (Jolokia's is its servlet's, checked above too).
        actuatorEndpoints.getAllPaths().forEach(path -> served.add("GET " + path));
        return served;
    }

    private HttpResponse<String> send(Row row, String authorization) {
        HttpProbe http = HttpProbe.stateless(port);
        HttpRequest.Builder request = http.request(row.path().replace("PORT", String.valueOf(port)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (row.body() != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(row.method(), row.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(row.body()));
        return http.send(request);
    }

    /** The answer in the form of the expectation, so a mismatch reads "expected 403 but was 200 {status:200}". */
    private static String actual(HttpResponse<String> response, Expect expected) {
        int status = response.statusCode();
        if (expected.jolokiaStatus() != null && status == 200) {
            JsonNode body = json(response.body());
            return "200 {status:" + body.path("status").asText("?") + "}";
        }
        if (status == 302) {
            String location = response.headers().firstValue("Location").orElse("");
            return expected.location() != null && location.endsWith(expected.location())
                    ? "302 -> " + expected.location() : "302 -> " + location;
        }
        return String.valueOf(status);
    }
}
