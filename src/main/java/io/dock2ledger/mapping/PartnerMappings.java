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
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the per-partner JSONata mappings of {@code mappings/<partner>/<document>.jsonata}: partner document in,
 * canonical events (in partner terms: partner item codes, partner units, location codes) out.
 * <p>
 * Expressions are compiled once per thread and recompiled when their file changes, so a mapping can be edited while
 * the hub runs. A compiled dashjoin {@code Jsonata} keeps the input and its root frame in fields, so one instance must
 * never evaluate on two threads at once (one thread's {@code $} would be another's document); each evaluation gets a
 * fresh child frame, so nothing accumulates across evaluations (issue 8: 0.9.9 grew its frame chain until it
 * overflowed the stack; the pom pins 0.9.10). No custom functions are bound: master-data lookups belong to enrichment,
 * which keeps mappings pure and testable with the mapping command alone.
 */
public class PartnerMappings {

    private final Path mappingsDirectory;
    private final ObjectMapper json;
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
        Path file = resolve(mapping);
        Object result;
        try {
            Object input = json.convertValue(document, Object.class);
            Jsonata expression = expression(file);
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

    private Path resolve(String mapping) {
        Path file = mappingsDirectory.resolve(mapping).normalize();
        if (!file.startsWith(mappingsDirectory)) {
            throw new HubException(ExceptionCategory.UNKNOWN_DOCUMENT, "Mapping " + mapping + " is outside " + mappingsDirectory);
        }
        if (!Files.isRegularFile(file)) {
            throw new HubException(ExceptionCategory.UNKNOWN_DOCUMENT, "Mapping file " + file + " does not exist");
        }
        return file;
    }

    private Jsonata expression(Path file) {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            Map<Path, Compiled> mine = compiled.get();
            Compiled current = mine.get(file);
            if (current == null || !current.modified.equals(modified)) {
                current = new Compiled(Jsonata.jsonata(Files.readString(file)), modified);
                mine.put(file, current);
            }
            return current.expression;
        } catch (IOException e) {
            throw new HubException(ExceptionCategory.MAPPING_FAILED, "Cannot read mapping " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new HubException(ExceptionCategory.MAPPING_FAILED,
                    "Mapping " + file + " does not compile: " + e.getMessage(), e);
        }
    }

    private record Compiled(Jsonata expression, FileTime modified) {
    }
}
