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

    /**
     * What is wrong with a canonical event, one readable sentence per problem; empty when it is valid.
     * An unknown or missing type is itself a problem.
     */
    public List<String> problems(JsonNode event) {
        String typeCode = event.path("type").asText(null);
        EventType type;
        try {
            type = EventType.fromCode(typeCode);
        } catch (IllegalArgumentException e) {
            return List.of("$.type: '" + typeCode + "' is not a canonical event type");
        }
        Set<ValidationMessage> messages = schemas.get(type).validate(event);
        return messages.stream()
                .sorted(Comparator.comparing(ValidationMessage::getMessage))
                .map(ValidationMessage::getMessage)
                .toList();
    }
}
