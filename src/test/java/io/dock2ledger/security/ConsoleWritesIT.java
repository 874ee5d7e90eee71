package io.dock2ledger.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.dock2ledger.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the console and actuator let each role change, probed as an attacker would: Jolokia notifications (finding 7
 * of issue 8) and the camelroutes actuator's write operations (finding 8). Runs in the shared hub context of
 * {@link HubIntegrationTest}, so the real filter chain, Jolokia servlet and restrictor answer.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConsoleWritesIT extends HubIntegrationTest {

    static final String VIEWER = HttpProbe.basic("viewer", "dev-viewer");
    static final String OPERATOR = HttpProbe.basic("operator", "dev-operator");
    static final String ADMIN = HttpProbe.basic("admin", ADMIN_PASSWORD);

    /** A route every hub has (routes/canonical-events-to-finance.camel.yaml). */
    static final String ROUTE = "canonical-events-to-finance";

    private HttpProbe http() {
        return HttpProbe.stateless(port);
    }

    // --- Finding 7: Jolokia notifications are admin only ---

    @Test
    void viewerAndOperatorCannotUseAnyNotificationCommand() {
        String adminClient = registerNotificationClientAs(ADMIN);
        List<String> commands = List.of(
                "{\"type\":\"notification\",\"command\":\"register\"}",
                "{\"type\":\"notification\",\"command\":\"unregister\",\"client\":\"" + adminClient + "\"}",
                "{\"type\":\"notification\",\"command\":\"add\",\"client\":\"" + adminClient + "\",\"mode\":\"pull\","
                        + "\"mbean\":\"JMImplementation:type=MBeanServerDelegate\"}",
                "{\"type\":\"notification\",\"command\":\"remove\",\"client\":\"" + adminClient + "\",\"handle\":\"1\"}",
                "{\"type\":\"notification\",\"command\":\"ping\",\"client\":\"" + adminClient + "\"}",
                "{\"type\":\"notification\",\"command\":\"open\",\"client\":\"" + adminClient + "\",\"mode\":\"sse\"}",
                "{\"type\":\"notification\",\"command\":\"list\",\"client\":\"" + adminClient + "\"}");
        for (String caller : List.of(VIEWER, OPERATOR)) {
            for (String path : List.of("/actuator/jolokia", "/actuator/hawtio/jolokia")) {
                for (String command : commands) {
                    assertThat(jolokiaStatus(path, caller, command)).as(path + " " + command).isEqualTo(403);
                }
            }
            // The GET form of the same request, and one hidden in a bulk request beside an allowed read.
            HttpResponse<String> get = http().get("/actuator/jolokia/notification/register", caller);
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(json(get.body()).path("status").asInt()).as("GET notification/register").isEqualTo(403);
            HttpResponse<String> bulk = http().postJson("/actuator/jolokia", caller,
                    "[{\"type\":\"version\"},{\"type\":\"notification\",\"command\":\"register\"}]");
            assertThat(json(bulk.body()).get(0).path("status").asInt()).isEqualTo(200);
            assertThat(json(bulk.body()).get(1).path("status").asInt()).as("bulk notification/register").isEqualTo(403);
        }
    }

    @Test
    void adminRegistersListensAndUnregisters() {
        String client = registerNotificationClientAs(ADMIN);

        JsonNode add = jolokia("/actuator/jolokia", ADMIN, "{\"type\":\"notification\",\"command\":\"add\",\"client\":\""
                + client + "\",\"mode\":\"pull\",\"mbean\":\"JMImplementation:type=MBeanServerDelegate\"}");
        assertThat(add.path("status").asInt()).as(add.toString()).isEqualTo(200);
        String handle = add.path("value").asText();
        assertThat(jolokia("/actuator/jolokia", ADMIN, "{\"type\":\"notification\",\"command\":\"list\",\"client\":\""
                + client + "\"}").path("value").has(handle)).isTrue();
        assertThat(jolokiaStatus("/actuator/jolokia", ADMIN, "{\"type\":\"notification\",\"command\":\"ping\",\"client\":\""
                + client + "\"}")).isEqualTo(200);
        assertThat(jolokiaStatus("/actuator/jolokia", ADMIN, "{\"type\":\"notification\",\"command\":\"remove\",\"client\":\""
                + client + "\",\"handle\":\"" + handle + "\"}")).isEqualTo(200);
        assertThat(jolokiaStatus("/actuator/jolokia", ADMIN, "{\"type\":\"notification\",\"command\":\"unregister\",\"client\":\""
                + client + "\"}")).isEqualTo(200);
    }

    @Test
    void noOneReachesOtherJvmsThroughJolokiasProxy() {
        // A JSR-160 "target" makes Jolokia open a JMX connection to any URL it is given (SSRF, RMI deserialization).
        String proxied = "{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"HeapMemoryUsage\","
                + "\"target\":{\"url\":\"service:jmx:rmi:///jndi/rmi://127.0.0.1:1/jmxrmi\"}}";
        for (String caller : List.of(VIEWER, OPERATOR, ADMIN)) {
            assertThat(jolokiaStatus("/actuator/jolokia", caller, proxied)).isEqualTo(403);
        }
    }

    @Test
    void hawtiosProxyForwardsNothing() {
        // Hawtio's proxy servlet would forward a console user's request to any port of this host (its allowlist).
        // hawtio-springboot switches it off by default; application.yaml pins that.
        HttpResponse<String> enabled = http().get("/actuator/hawtio/proxy/enabled", VIEWER);
        HttpResponse<String> proxied = http().get("/actuator/hawtio/proxy/http/localhost:" + port + "/actuator/info", VIEWER);

        assertThat(enabled.body().strip()).isEqualTo("false");
        assertThat(proxied.statusCode()).isEqualTo(404);
    }

    // --- Finding 8: actuator writes are admin only and never a 500 ---

    @Test
    void viewerAndOperatorAreForbiddenToStopARoute(CapturedOutput output) {
        for (String caller : List.of(VIEWER, OPERATOR)) {
            for (String action : List.of("stop", "start", "suspend", "resume", "reset")) {
                HttpResponse<String> response = http().postJson("/actuator/camelroutes/" + ROUTE + "/" + action, caller, "{}");

                assertThat(response.statusCode()).as(action).isEqualTo(403);
            }
        }
        assertThat(routeStatus()).isEqualTo("Started");
        assertThat(output.getAll()).doesNotContain("Read only: write action");
    }

    @Test
    void adminControlsRoutesThroughHawtioNotTheReadOnlyCamelroutesEndpoint(CapturedOutput output) {
        HttpResponse<String> response = http().postJson("/actuator/camelroutes/" + ROUTE + "/stop", ADMIN, "{}");

        // The write operation is not served at all (management.endpoint.camelroutes.access: read-only).
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(routeStatus()).isEqualTo("Started");
        assertThat(output.getAll()).doesNotContain("Read only: write action");
    }

    // --- helpers ---

    private String routeStatus() {
        HttpResponse<String> info = http().get("/actuator/camelroutes/" + ROUTE + "/info", VIEWER);
        assertThat(info.statusCode()).isEqualTo(200);
        return json(info.body()).path("status").asText();
    }

    private String registerNotificationClientAs(String caller) {
        JsonNode register = jolokia("/actuator/jolokia", caller, "{\"type\":\"notification\",\"command\":\"register\"}");
        assertThat(register.path("status").asInt()).as(register.toString()).isEqualTo(200);
        return register.path("value").path("id").asText();
    }

    private int jolokiaStatus(String path, String caller, String body) {
        return jolokia(path, caller, body).path("status").asInt();
    }

    private JsonNode jolokia(String path, String caller, String body) {
        HttpResponse<String> response = http().postJson(path, caller, body);
        // Jolokia answers HTTP 200 and reports each request's outcome in the JSON body.
        assertThat(response.statusCode()).as(path + " " + body + " -> " + response.body()).isEqualTo(200);
        return json(response.body());
    }
}
