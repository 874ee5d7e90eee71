package io.dock2ledger.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route file is valid Camel YAML DSL (the JSON Schema that ships in camel-yaml-dsl, the one Kaoto and the
 * IDE plugins use) and follows the house rules: one flow per file, route id = file stem.
 */
class RouteFilesTest {

    private static JsonSchema camelYamlDsl;
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream schema = RouteFilesTest.class.getResourceAsStream("/schema/camelYamlDsl.json")) {
            camelYamlDsl = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
        }
    }

    static Stream<Path> routeFiles() throws IOException {
        return Files.list(Path.of("routes")).filter(p -> p.toString().endsWith(".camel.yaml")).sorted();
    }

    @ParameterizedTest
    @MethodSource("routeFiles")
    void routeFileIsValidCamelYamlDsl(Path file) throws IOException {
        JsonNode routes = yaml.readTree(file.toFile());
        Set<ValidationMessage> problems = camelYamlDsl.validate(routes);
        assertThat(problems).as(file + " against camelYamlDsl.json").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("routeFiles")
    void routeIdIsTheFileStem(Path file) throws IOException {
        String stem = file.getFileName().toString().replace(".camel.yaml", "");
        JsonNode routes = yaml.readTree(file.toFile());
        for (JsonNode element : routes) {
            JsonNode route = element.has("route") ? element.get("route") : element.get("routeTemplate");
            if (route != null) {
                assertThat(route.path("id").asText()).as("route id in " + file).isEqualTo(stem);
            }
        }
    }
}
