package io.dock2ledger.posting.rules;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dock2ledger.masterdata.MasterData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The posting rules as configuration ({@code config/posting-rules.yaml}): accounts per event kind, reason codes,
 * dispositions, landed-cost bases, per-entity overrides and the period policy. Loaded once and validated against
 * the chart of accounts, so a wrong account fails at start-up, naming the key and the file, and never mid-posting.
 */
public final class RuleBook {

    private static final String PERIOD_POLICY = "period-policy";
    private static final String ENTITY_OVERRIDES = "entity-overrides";

    private final PeriodPolicyMode periodPolicy;
    private final AccountMap defaults;
    private final Map<String, AccountMap> byEntity;

    public RuleBook(PeriodPolicyMode periodPolicy, AccountMap defaults, Map<String, AccountMap> byEntity) {
        this.periodPolicy = periodPolicy;
        this.defaults = defaults;
        this.byEntity = Map.copyOf(byEntity);
    }

    public PeriodPolicyMode periodPolicy() {
        return periodPolicy;
    }

    /** The accounts of an entity: the defaults with its overrides applied. */
    public AccountMap forEntity(String entity) {
        return entity == null ? defaults : byEntity.getOrDefault(entity, defaults);
    }

    /** The same rules under another period policy (the policy is one switch; tests and operators flip it). */
    public RuleBook withPeriodPolicy(PeriodPolicyMode mode) {
        return new RuleBook(mode, defaults, byEntity);
    }

    /**
     * Reads and validates the rules file.
     *
     * @throws InvalidPostingRulesException listing every problem, each with its key, and the file
     */
    public static RuleBook load(Path file, MasterData masterData) {
        ObjectMapper yaml = YAMLMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
        JsonNode root;
        try {
            root = yaml.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new InvalidPostingRulesException(file, List.of("cannot be read: " + e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidPostingRulesException(file, List.of("is empty or not a YAML mapping"));
        }
        ObjectNode accounts = ((ObjectNode) root).deepCopy();
        JsonNode policyNode = accounts.remove(PERIOD_POLICY);
        JsonNode overridesNode = accounts.remove(ENTITY_OVERRIDES);

        List<String> problems = new ArrayList<>();
        PeriodPolicyMode policy = periodPolicy(policyNode, problems);
        AccountMap defaults = read(yaml, accounts, "", problems);
        if (defaults != null) {
            new RuleBookCheck(masterData, "", problems).check(defaults);
        }
        Map<String, AccountMap> byEntity = new LinkedHashMap<>();
        if (problems.isEmpty() && overridesNode != null && !overridesNode.isNull()) {
            readOverrides(yaml, accounts, overridesNode, masterData, byEntity, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidPostingRulesException(file, problems);
        }
        return new RuleBook(policy, defaults, byEntity);
    }

    private static PeriodPolicyMode periodPolicy(JsonNode node, List<String> problems) {
        String allowed = java.util.Arrays.stream(PeriodPolicyMode.values()).map(PeriodPolicyMode::configName)
                .collect(Collectors.joining(" | "));
        if (node == null || node.isNull() || node.asText().isBlank()) {
            problems.add(PERIOD_POLICY + " is missing (one of " + allowed + ")");
            return null;
        }
        return PeriodPolicyMode.fromConfig(node.asText()).orElseGet(() -> {
            problems.add(PERIOD_POLICY + ": '" + node.asText() + "' is not one of " + allowed);
            return null;
        });
    }

    private static void readOverrides(ObjectMapper yaml, ObjectNode base, JsonNode overrides, MasterData masterData,
                                      Map<String, AccountMap> byEntity, List<String> problems) {
        if (!overrides.isObject()) {
            problems.add(ENTITY_OVERRIDES + " must map entity ids to account overrides");
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> entities = overrides.fields();
        while (entities.hasNext()) {
            Map.Entry<String, JsonNode> entry = entities.next();
            String prefix = ENTITY_OVERRIDES + "." + entry.getKey() + ".";
            if (masterData.entity(entry.getKey()).isEmpty()) {
                problems.add(ENTITY_OVERRIDES + "." + entry.getKey() + ": '" + entry.getKey()
                        + "' is not a legal entity of master data (entities)");
                continue;
            }
            if (!entry.getValue().isObject()) {
                problems.add(prefix.substring(0, prefix.length() - 1) + " must be a mapping of account keys");
                continue;
            }
            ObjectNode merged = base.deepCopy();
            merge(merged, (ObjectNode) entry.getValue());
            AccountMap rules = read(yaml, merged, prefix, problems);
            if (rules != null) {
                new RuleBookCheck(masterData, prefix, problems).check(rules);
                byEntity.put(entry.getKey(), rules);
            }
        }
    }

    /** Deep merge: an override replaces only the leaves it names. */
    private static void merge(ObjectNode target, ObjectNode override) {
        override.fields().forEachRemaining(field -> {
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode existingObject && field.getValue() instanceof ObjectNode overrideObject) {
                merge(existingObject, overrideObject);
            } else {
                target.set(field.getKey(), field.getValue());
            }
        });
    }

    private static AccountMap read(ObjectMapper yaml, ObjectNode tree, String prefix, List<String> problems) {
        try {
            return yaml.treeToValue(tree, AccountMap.class);
        } catch (JsonMappingException e) {
            String key = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            String problem = e.getOriginalMessage();
            if (problem.startsWith("Unrecognized field")) {
                problem = "is not a known key";
            }
            problems.add(prefix + key + ": " + firstLine(problem));
            return null;
        } catch (IOException e) {
            problems.add(prefix + "(document): " + firstLine(e.getMessage()));
            return null;
        }
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
