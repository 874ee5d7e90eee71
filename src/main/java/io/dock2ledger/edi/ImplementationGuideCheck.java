package io.dock2ledger.edi;

import com.fasterxml.jackson.databind.JsonNode;
import io.dock2ledger.edi.syntax.EdiProblem;
import io.dock2ledger.partners.ImplementationGuide;
import io.xlate.edi.schema.EDIComplexType;
import io.xlate.edi.schema.EDIReference;
import io.xlate.edi.schema.EDISimpleType;
import io.xlate.edi.schema.EDIType;
import io.xlate.edi.schema.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies a partner's implementation guide to an X12 set the standard's table has already accepted: a segment the
 * guide requires, a code list it narrows. Each violation becomes an {@link EdiProblem} with the codes the standard
 * gives that kind of error, so the 997 / 999 reads as any translator's would: a required segment missing is AK3 / IK3
 * code 3 ("mandatory segment missing"), a code outside the partner's list is AK3 code 8 with AK4 / IK4 code 7
 * ("invalid code value") and the value. {@code fatal} follows the guide's {@code onViolation}: R rejects the set,
 * E accepts it with errors.
 */
final class ImplementationGuideCheck {

    private ImplementationGuideCheck() {
    }

    /**
     * @param transaction the set's JSON (docs/edi.md): {@code segments} in file order, ST left out
     * @param schema      the standard's schema the set was validated against, for data element numbers (may be null)
     */
    static List<EdiProblem> check(ImplementationGuide guide, JsonNode transaction, Schema schema) {
        List<EdiProblem> problems = new ArrayList<>();
        JsonNode segments = transaction.path("segments");
        String set = transaction.path("transaction").path("type").asText("") + " "
                + transaction.path("transaction").path("control").asText("");
        // Positions count ST as 1, as AK302 does; SE's position marks a segment missing by the end of the set.
        int sePosition = segments.size() + 2;
        for (String required : guide.segments()) {
            boolean present = false;
            for (JsonNode segment : segments) {
                present |= required.equals(segment.path("id").asText());
            }
            if (!present) {
                problems.add(new EdiProblem(EdiProblem.Scope.TRANSACTION, "Transaction set " + set + ": segment "
                        + required + " is missing; the partner's implementation guide requires it (onViolation "
                        + guide.onViolation() + ")", required, sePosition, 0, 0, null, null, "3", null, null, "5",
                        null, null, "13", guide.rejects()));
            }
        }
        Map<String, List<String>> codes = new TreeMap<>(guide.codes());
        java.util.Set<Integer> segmentsInError = new java.util.HashSet<>();
        for (int i = 0; i < segments.size(); i++) {
            JsonNode segment = segments.get(i);
            String id = segment.path("id").asText();
            for (Map.Entry<String, List<String>> rule : codes.entrySet()) {
                String key = rule.getKey();
                if (!key.startsWith(id) || !key.substring(id.length()).matches("\\d{2}(_\\d+)?")) {
                    continue;
                }
                JsonNode value = segment.get(key);
                if (value == null) {
                    continue;
                }
                for (JsonNode occurrence : value.isArray() ? value : List.of(value)) {
                    String text = occurrence.asText();
                    if (rule.getValue().contains(text)) {
                        continue;
                    }
                    String positions = key.substring(id.length());
                    int element = Integer.parseInt(positions.substring(0, 2));
                    int component = positions.contains("_") ? Integer.parseInt(positions.substring(3)) : 0;
                    String reference = reference(schema, id, element, component);
                    problems.add(new EdiProblem(EdiProblem.Scope.TRANSACTION, "Transaction set " + set + ": segment "
                            + id + " at position " + (i + 2) + ", element " + key
                            + (reference == null ? "" : " (data element " + reference + ")") + ": code '" + text
                            + "' is not one the partner's implementation guide allows " + rule.getValue()
                            + " (onViolation " + guide.onViolation() + ")", id, i + 2, element, component, reference,
                            text, null, "7", null, "5", null, null, "12", guide.rejects()));
                    if (segmentsInError.add(i + 2)) {
                        problems.add(new EdiProblem(EdiProblem.Scope.TRANSACTION, "Segment " + id + " at position "
                                + (i + 2) + " has data element errors", id, i + 2, 0, 0, null, null, "8", null, null,
                                "5", null, null, "12", guide.rejects()));
                    }
                }
            }
        }
        return problems;
    }

    /** The X12 data element number of a position, from the standard's schema (AK402 / IK402). */
    private static String reference(Schema schema, String segmentId, int element, int component) {
        if (schema == null) {
            return null;
        }
        try {
            EDIType type = schema.getType(segmentId);
            if (!(type instanceof EDIComplexType segment) || segment.getReferences().size() < element) {
                return null;
            }
            EDIType target = segment.getReferences().get(element - 1).getReferencedType();
            if (component > 0 && target instanceof EDIComplexType composite
                    && composite.getReferences().size() >= component) {
                EDIReference ref = composite.getReferences().get(component - 1);
                target = ref.getReferencedType();
            }
            if (target instanceof EDISimpleType simple && simple.getCode() != null && !simple.getCode().isBlank()) {
                return simple.getCode();
            }
            return null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
