package io.dock2ledger.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every step of the intake routes has an id that says what it does, so Hawtio, Kaoto, logs and route tests name it
 * (never a generated "setHeader1").
 */
class IntakeRouteStepIdsTest {

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    @ParameterizedTest
    @ValueSource(strings = {"partner-inbox-to-canonical", "edi-file-to-canonical", "partner-acks-to-outbound",
            "document-to-canonical", "map-document", "prepare-event", "event-to-posting-queue", "webhook-to-canonical",
            "partner-queue-to-canonical", "partner-sftp-pull"})
    void everyStepHasAnId(String route) throws IOException {
        List<String> withoutId = new ArrayList<>();
        collect(yaml.readTree(Path.of("routes", route + ".camel.yaml").toFile()), "", withoutId);
        assertThat(withoutId).as("steps of routes/" + route + ".camel.yaml without an id").isEmpty();
    }

    private static void collect(JsonNode node, String path, List<String> withoutId) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "[" + i + "]", withoutId);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String where = path + "." + field.getKey();
            boolean stepList = field.getKey().equals("steps") || field.getKey().equals("when");
            if (stepList && field.getValue().isArray()) {
                for (int i = 0; i < field.getValue().size(); i++) {
                    JsonNode step = field.getValue().get(i);
                    JsonNode definition = field.getKey().equals("when") ? step
                            : step.properties().iterator().next().getValue();
                    if (!definition.isObject() || !definition.hasNonNull("id")) {
                        withoutId.add(where + "[" + i + "]");
                    }
                }
            }
            if (field.getKey().equals("otherwise") && !field.getValue().hasNonNull("id")) {
                withoutId.add(where);
            }
            collect(field.getValue(), where, withoutId);
        }
    }
}
