package io.dock2ledger.mapping;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.HubException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the per-partner JSONata mappings of {@code mappings/<partner>/<document>.jsonata}: partner document in,
 * canonical events (in partner terms: partner item codes, partner units, location codes) out.
 * <p>
 * A mapping file is read when first used and again when {@link #reload} is told it changed: the route
 * {@code partner-mappings-reload} does that on every change under {@code mappings/}, so a mapping can be edited while
 * the hub runs, and an edit that does not compile is refused while the version read before stays in use. Evaluating
 * never touches the disk. Expressions are compiled once per thread and version (compiled in Java, not through
 * {@code jsonata:} endpoints, to keep one compiled expression per thread: see below). A compiled dashjoin {@code Jsonata} keeps the input and its root frame in fields, so one instance must
 * never evaluate on two threads at once (one thread's {@code $} would be another's document); each evaluation gets a
 * fresh child frame, so nothing accumulates across evaluations (issue 8: 0.9.9 grew its frame chain until it
 * overflowed the stack; the pom pins 0.9.10). No custom functions are bound: master-data lookups belong to enrichment,
 * which keeps mappings pure and testable with the mapping command alone.
 */
public class PartnerMappings {

    private final Path mappingsDirectory;
    private final ObjectMapper json;
    /** The text of each mapping in use, checked to compile; replaced only by a newer text that compiles too. */
    private final ConcurrentMap<Path, Accepted> accepted = new ConcurrentHashMap<>();
    private final AtomicLong versions = new AtomicLong();
    /** Per thread: the intake, queue and webhook threads are few and long-lived, a compile costs milliseconds. */
    private final ThreadLocal<Map<Path, Compiled>> compiled = ThreadLocal.withInitial(HashMap::new);

    public PartnerMappings(Path mappingsDirectory, ObjectMapper json) {
        this.mappingsDirectory = mappingsDirectory.toAbsolutePath().normalize();
        this.json = json;
    }

    /**
     * Maps one partner document. The mapping may return one event object, an array of them, or an empty array {@code []}
     * to say that the document carries nothing for finance (the caller counts and logs it; the raw file is archived).
     *
     * @throws HubException MAPPING_FAILED with the mapping file and JSONata's message
     */
    public List<JsonNode> map(String mapping, JsonNode document) {
        Jsonata expression = expression(mapping);
        Object result;
        try {
            Object input = json.convertValue(document, Object.class);
            result = expression.evaluate(input, expression.createFrame());
        } catch (RuntimeException e) {
            throw new HubException(ExceptionCategory.MAPPING_FAILED,
                    "Mapping " + mapping + " failed: " + e.getMessage(), e);
        }
        JsonNode tree = json.valueToTree(result);
        if (tree instanceof ArrayNode array && array.isEmpty()) {
            // The mapping's explicit answer that the document carries nothing for finance (e.g. an inventory report of
            // receipts only, which arrive as receiving advices anyway). An undefined result is still a failure.
            return List.of();
        }
        List<JsonNode> events = new ArrayList<>();
        if (tree instanceof ArrayNode array) {
            array.forEach(events::add);
        } else if (tree != null && tree.isObject()) {
            events.add(tree);
        }
        if (events.isEmpty() || events.stream().anyMatch(e -> !e.isObject())) {
            throw new HubException(ExceptionCategory.MAPPING_FAILED,
                    "Mapping " + mapping + " must return an event object or an array of them, but returned " + tree);
        }
        return events;
    }

    /**
     * Takes a changed mapping file into use: a file that compiles replaces the version in use, a deleted file is
     * dropped (documents that need it then fail with UNKNOWN_DOCUMENT, as before it existed).
     *
     * @param file  the changed file, absolute or relative to the mappings folder
     * @param event CREATE, MODIFY or DELETE (Camel's file-watch event)
     * @return what happened, for the log
     * @throws HubException MAPPING_FAILED when the new text does not compile; the version in use stays
     */
    public String reload(String file, String event) {
        Path path = mappingsDirectory.resolve(file).normalize();
        String name = mappingsDirectory.relativize(path).toString();
        if ("DELETE".equals(event) || !Files.isRegularFile(path)) {
            return accepted.remove(path) != null ? "Mapping " + name + " removed" : "Mapping " + name + " was not in use";
        }
        Accepted previous = accepted.get(path);
        Accepted next;
        try {
            next = read(path);
        } catch (HubException e) {
            throw previous == null ? e : new HubException(e.category(),
                    e.getMessage() + "; the version read before stays in use", e);
        }
        if (previous != null && previous.source.equals(next.source)) {
            return "Mapping " + name + " unchanged";
        }
        accepted.put(path, next);
        return "Mapping " + name + (previous == null ? " read" : " replaced");
    }

    private Jsonata expression(String mapping) {
        Path file = mappingsDirectory.resolve(mapping).normalize();
        Accepted current = accepted.get(file);
        if (current == null) {
            resolve(mapping, file);
            current = accepted.computeIfAbsent(file, this::read);
        }
        Map<Path, Compiled> mine = compiled.get();
        Compiled expression = mine.get(file);
        if (expression == null || expression.version != current.version) {
            expression = new Compiled(compile(file, current.source), current.version);
            mine.put(file, expression);
        }
        return expression.expression;
    }

    private void resolve(String mapping, Path file) {
        if (!file.startsWith(mappingsDirectory)) {
            throw new HubException(ExceptionCategory.UNKNOWN_DOCUMENT, "Mapping " + mapping + " is outside " + mappingsDirectory);
        }
        if (!Files.isRegularFile(file)) {
            throw new HubException(ExceptionCategory.UNKNOWN_DOCUMENT, "Mapping file " + file + " does not exist");
        }
    }

    /** Reads a mapping and checks that it compiles. */
    private Accepted read(Path file) {
        String source;
        try {
            source = Files.readString(file);
        } catch (IOException e) {
            throw new HubException(ExceptionCategory.MAPPING_FAILED, "Cannot read mapping " + file + ": " + e.getMessage(), e);
        }
        compile(file, source);
        return new Accepted(source, versions.incrementAndGet());
    }

    private static Jsonata compile(Path file, String source) {
        try {
            return Jsonata.jsonata(source);
        } catch (RuntimeException e) {
            throw new HubException(ExceptionCategory.MAPPING_FAILED,
                    "Mapping " + file + " does not compile: " + e.getMessage(), e);
        }
    }

    private record Accepted(String source, long version) {
    }

    private record Compiled(Jsonata expression, long version) {
    }
}
