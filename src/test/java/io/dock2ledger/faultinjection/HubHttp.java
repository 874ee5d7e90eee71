package io.dock2ledger.faultinjection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What the test asks a running hub over HTTP, as an operator would: Prometheus counters and, through Jolokia, the
 * depth of the embedded broker's posting queue. Every call has a timeout and answers empty when the hub does not.
 */
public final class HubHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTH = "Basic " + Base64.getEncoder()
            .encodeToString("admin:dev-admin".getBytes(StandardCharsets.UTF_8));
    private static final String EVENTS_QUEUE_MBEAN = "org.apache.activemq.artemis:broker=*,component=addresses,"
            + "address=%22dock2ledger.events%22,subcomponent=queues,routing-type=%22anycast%22,queue=%22dock2ledger.events%22";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final int port;

    public HubHttp(int port) {
        this.port = port;
    }

    /** Sum of a Prometheus counter over all its tags, e.g. dock2ledger_events_posted_total. */
    public OptionalLong counter(String name) {
        String body = prometheus();
        return body == null ? OptionalLong.empty() : OptionalLong.of(Math.round(sum(body, name, "")));
    }

    /** The hub's whole Prometheus page, or null: one request (one password check) for many figures. */
    public String prometheus() {
        return get("/actuator/prometheus");
    }

    /** Sum of a Prometheus series over the lines whose labels contain {@code labelPart} ("" for all). */
    public static double sum(String prometheusBody, String name, String labelPart) {
        double sum = 0;
        for (String line : prometheusBody.split("\n")) {
            if ((line.startsWith(name + "{") || line.startsWith(name + " ")) && line.contains(labelPart)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** Messages on dock2ledger.events in the hub's embedded broker, scheduled (waiting) ones included. */
    OptionalLong embeddedQueueDepth() {
        String body = get("/actuator/jolokia/read/" + EVENTS_QUEUE_MBEAN + "/MessageCount");
        if (body == null) {
            return OptionalLong.empty();
        }
        try {
            JsonNode value = JSON.readTree(body).path("value");
            if (!value.isObject() || value.isEmpty()) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(value.elements().next().path("MessageCount").asLong());
        } catch (Exception e) {
            return OptionalLong.empty();
        }
    }

    /** Anonymous GET /actuator/health answers {"status":"UP"} (docs/security.md): the hub is healthy. */
    public boolean healthUp() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && "UP".equals(JSON.readTree(response.body()).path("status").asText());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    /** A gauge of /actuator/metrics summed over its measurements, e.g. jvm.memory.used with tag area:heap. */
    public OptionalDouble metric(String name, String tag) {
        String body = get("/actuator/metrics/" + name + (tag == null ? "" : "?tag=" + tag));
        if (body == null) {
            return OptionalDouble.empty();
        }
        try {
            JsonNode measurements = JSON.readTree(body).path("measurements");
            return measurements.isArray() && !measurements.isEmpty()
                    ? OptionalDouble.of(measurements.get(0).path("value").asDouble()) : OptionalDouble.empty();
        } catch (Exception e) {
            return OptionalDouble.empty();
        }
    }

    private String get(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", AUTH).timeout(Duration.ofSeconds(5)).GET().build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return null;
        }
    }
}
