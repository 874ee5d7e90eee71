package io.dock2ledger.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The canonical JSON Schemas of {@code mappings/canonical/}, one per event type, compiled once at start.
 * Every canonical event passes {@link #problems} before it is queued for posting.
 */
public final class CanonicalSchemas {

    /** The patterns of {@code $defs/code} and {@code $defs/text} in common.schema.json. */
    private static final String CODE_PATTERN = "^[A-Za-z0-9][A-Za-z0-9 ._/#:+-]*$";
    private static final String TEXT_PATTERN = "^[\\p{L}\\p{N}][\\p{L}\\p{N} .,&'()/#:_+-]*$";

    private static final Set<String> UNSAFE_VALUE_KEYWORDS = Set.of("pattern", "maxLength");

    static final String BASE_URI = "https://dock2ledger.io/schemas/canonical/v1/";

    private final Map<EventType, JsonSchema> schemas = new EnumMap<>(EventType.class);

    public CanonicalSchemas(Path schemaDirectory) {
        if (!Files.isDirectory(schemaDirectory)) {
            throw new IllegalStateException("Canonical schema directory " + schemaDirectory + " is missing");
        }
        String directoryUri = schemaDirectory.toAbsolutePath().normalize().toUri().toString();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(BASE_URI, directoryUri)));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .build();
        for (EventType type : EventType.values()) {
            String file = type.code() + ".schema.json";
            if (!Files.exists(schemaDirectory.resolve(file))) {
                throw new IllegalStateException("Canonical schema " + schemaDirectory.resolve(file) + " is missing");
            }
            JsonSchema schema = factory.getSchema(SchemaLocation.of(BASE_URI + file), config);
            schema.initializeValidators();
            schemas.put(type, schema);
        }
    }

    /** A pattern says what, not why: the safe-value patterns get the rule a partner can act on. */
    private static String explained(String message) {
        if (message.contains(CODE_PATTERN)) {
            return message + " (an identifier starts with a letter or digit and holds only letters, digits, space and"
                    + " . _ / # : + -; never a spreadsheet formula, a line break or a control character)";
        }
        if (message.contains(TEXT_PATTERN)) {
            return message + " (a text starts with a letter or digit and holds only letters, digits, space and"
                    + " . , & ' ( ) / # : _ + -; never a spreadsheet formula, a line break or a control character)";
        }
        return message;
    }

    /**
     * What is wrong with a canonical event, one readable sentence per problem; empty when it is valid.
     * An unknown or missing type is itself a problem.
     */
    public List<String> problems(JsonNode event) {
        return problems(event, false);
    }

    /**
     * The problems of an event's values alone (a character set or a length), before enrichment has filled in what
     * the schema also requires: an event that carries a spreadsheet formula or an oversized value is refused as
     * SCHEMA_INVALID for that, not looked up in master data first (where it would fail as an unknown order, owned by
     * the wrong team, with the formula in its reason).
     */
    public List<String> unsafeValues(JsonNode event) {
        return problems(event, true);
    }

    private List<String> problems(JsonNode event, boolean onlyUnsafeValues) {
        String typeCode = event.path("type").asText(null);
        EventType type;
        try {
            type = EventType.fromCode(typeCode);
        } catch (IllegalArgumentException e) {
            return List.of("$.type: '" + typeCode + "' is not a canonical event type");
        }
        Set<ValidationMessage> messages = schemas.get(type).validate(event);
        return messages.stream()
                .filter(onlyUnsafeValues ? m -> UNSAFE_VALUE_KEYWORDS.contains(m.getType()) : m -> true)
                .sorted(Comparator.comparing(ValidationMessage::getMessage))
                .map(ValidationMessage::getMessage)
                .map(CanonicalSchemas::explained)
                .toList();
    }
}
