package io.dock2ledger.erp.tryton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small JSON-RPC client for one Tryton database (Tryton 6.0, docs/erp.md).
 *
 * <p>POST {@code <server>/<database>/} with {@code {"id","method","params"}}. {@link #login} calls
 * {@code common.db.login} and keeps the session; later calls send {@code Authorization: Session
 * base64(login:user_id:session)} and the user's preferences as Tryton's context (its company, language), as the
 * Tryton desktop client does. Tryton answers application errors with HTTP 200 and {@code {"error":[type,[message,
 * ...]]}}: they become a {@link TrytonException} with Tryton's message and a {@link TrytonErrorCategory}. Not
 * thread-safe across {@link #login}; calls after login may run in parallel.
 */
public class TrytonClient {

    private final URI endpoint;
    private final HttpClient http;
    private final Duration timeout;
    private final ObjectMapper json = TrytonJson.mapper();
    private final AtomicLong ids;
    private final Session session;
    private final Map<String, Object> contextOverride;

    /** The login shared by a client and the views {@link #inContext} makes of it. */
    private static final class Session {
        volatile String authorization;
        volatile long userId;
        volatile Map<String, Object> context = Map.of();
    }

    /** @param server e.g. {@code http://127.0.0.1:8000} */
    public TrytonClient(URI server, String database, HttpClient http, Duration timeout) {
        String base = server.toString().endsWith("/") ? server.toString() : server + "/";
        this.endpoint = URI.create(base + database + "/");
        this.http = http;
        this.timeout = timeout;
        this.ids = new AtomicLong();
        this.session = new Session();
        this.contextOverride = Map.of();
    }

    private TrytonClient(TrytonClient base, Map<String, ?> contextOverride) {
        this.endpoint = base.endpoint;
        this.http = base.http;
        this.timeout = base.timeout;
        this.ids = base.ids;
        this.session = base.session;
        Map<String, Object> merged = new java.util.HashMap<>(base.contextOverride);
        merged.putAll(contextOverride);
        this.contextOverride = Map.copyOf(merged);
    }

    /**
     * The same session with some context keys replaced, e.g. {@code Map.of("company", 2)}: Tryton takes a record's
     * defaults and company-dependent values (a category's revenue account, a product's cost) from the context.
     */
    public TrytonClient inContext(Map<String, ?> context) {
        return new TrytonClient(this, context);
    }

    /** Whether {@link #login} has opened a session. */
    public boolean loggedIn() {
        return session.authorization != null;
    }

    public TrytonClient(URI server, String database) {
        this(server, database, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
                Duration.ofSeconds(60));
    }

    /** Opens a session (common.db.login, language "en") and loads the user's context. */
    @SuppressWarnings("unchecked")
    public void login(String user, String password) {
        JsonNode result = send("common.db.login", List.of(user, Map.of("password", password), "en"), null);
        long userId = result.get(0).asLong();
        String key = result.get(1).asText();
        String authorization = "Session " + Base64.getEncoder()
                .encodeToString((user + ":" + userId + ":" + key).getBytes(StandardCharsets.UTF_8));
        JsonNode preferences = send("model.res.user.get_preferences", List.of(true, Map.of()), authorization);
        session.context = json.convertValue(preferences, Map.class);
        session.userId = userId;
        session.authorization = authorization;
    }

    /** Any JSON-RPC method; Tryton's context is appended as the last parameter. */
    public JsonNode call(String method, Object... params) {
        String authorization = session.authorization;
        if (authorization == null) {
            throw new IllegalStateException("login first");
        }
        List<Object> all = new ArrayList<>(Arrays.asList(params));
        if (contextOverride.isEmpty()) {
            all.add(session.context);
        } else {
            Map<String, Object> context = new java.util.HashMap<>(session.context);
            context.putAll(contextOverride);
            all.add(context);
        }
        return send(method, all, authorization);
    }

    /** {@code model.<model>.create}: the ids of the new records, in order. */
    public List<Long> create(String model, List<? extends Map<String, ?>> records) {
        List<Long> created = new ArrayList<>();
        call("model." + model + ".create", records).forEach(id -> created.add(id.asLong()));
        return created;
    }

    /** A workflow button, e.g. {@code button("account.invoice", "post", ids)}. */
    public void button(String model, String button, List<Long> ids) {
        call("model." + model + "." + button, ids);
    }

    /**
     * Accepts a UserWarning once for this user ({@code res.user.warning}, as the Tryton client does when a user
     * confirms): the same call made again goes through. Tryton strips context keys like {@code _skip_warnings}
     * from RPC calls, so this is the only way over JSON-RPC.
     */
    public void acceptWarning(String warningName) {
        create("res.user.warning", List.of(Map.of("user", session.userId, "name", warningName, "always", false)));
    }

    /** {@code model.<model>.search_read}: the records matching a Tryton domain, with the fields asked for. */
    public List<JsonNode> searchRead(String model, List<?> domain, List<String> fields) {
        List<JsonNode> rows = new ArrayList<>();
        call("model." + model + ".search_read", domain, 0, null, null, fields).forEach(rows::add);
        return rows;
    }

    /** The one record a domain names, e.g. a party by its code; none is Tryton's "does not exist". */
    public JsonNode findOne(String model, List<?> domain, List<String> fields) {
        List<JsonNode> rows = searchRead(model, domain, fields);
        if (rows.size() != 1) {
            TrytonErrorCategory category = "party.party".equals(model) && rows.isEmpty()
                    ? TrytonErrorCategory.UNKNOWN_PARTY : TrytonErrorCategory.OTHER;
            throw new TrytonException(category, "NotFound",
                    rows.size() + " " + model + " records match " + domain, "model." + model + ".search_read", null);
        }
        return rows.get(0);
    }

    private JsonNode send(String method, List<?> params, String auth) {
        ObjectNode body = json.createObjectNode();
        body.put("id", ids.incrementAndGet());
        body.put("method", method);
        body.set("params", json.valueToTree(params));
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (auth != null) {
            request.header("Authorization", auth);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TrytonException(TrytonErrorCategory.UNAVAILABLE, e.getClass().getSimpleName(),
                    String.valueOf(e.getMessage()), method, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrytonException(TrytonErrorCategory.UNAVAILABLE, "Interrupted", "interrupted", method, e);
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new TrytonException(TrytonErrorCategory.AUTHENTICATION, "HTTP " + status,
                    "login refused or session expired", method, null);
        }
        if (status != 200) {
            throw new TrytonException(TrytonErrorCategory.UNAVAILABLE, "HTTP " + status,
                    abbreviate(response.body()), method, null);
        }
        JsonNode answer;
        try {
            answer = json.readTree(response.body());
        } catch (IOException e) {
            throw new TrytonException(TrytonErrorCategory.OTHER, "MalformedAnswer", abbreviate(response.body()),
                    method, e);
        }
        JsonNode error = answer.get("error");
        if (error != null && !error.isNull()) {
            throw applicationError(method, error);
        }
        return answer.get("result");
    }

    /**
     * Tryton's exceptions come as {@code [type, args]}: UserError {@code [message, description, domain]}, UserWarning
     * {@code [name, message, description]}, ConcurrencyException {@code [message]}; any other server exception as
     * {@code [text, traceback]}.
     */
    private static TrytonException applicationError(String method, JsonNode error) {
        String type = error.path(0).asText("Error");
        JsonNode args = error.path(1);
        if ("UserWarning".equals(type) && args.isArray() && args.size() > 1) {
            String message = (args.get(1).asText() + " " + args.path(2).asText("")).strip();
            return new TrytonException(TrytonErrorCategory.WARNING, type, message, method, args.get(0).asText(), null);
        }
        String message;
        if (args.isArray() && args.size() > 0) {
            message = args.get(0).asText();
            String description = args.path(1).asText("");
            if (!description.isBlank()) {
                message = message + " " + description;
            }
        } else {
            message = type;
            type = "ServerError";
        }
        return new TrytonException(TrytonErrorCategory.ofMessage(message), type, message, method, null);
    }

    private static String abbreviate(String body) {
        return body.length() <= 300 ? body : body.substring(0, 300) + "...";
    }
}
