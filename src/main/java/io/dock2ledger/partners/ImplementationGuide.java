package io.dock2ledger.partners;

import java.util.List;
import java.util.Map;

/**
 * A partner's implementation guide for one X12 set, on top of the standard's table: what the partner agreed to send
 * beyond what X12 requires. Declared in the registry file under {@code edi.guides.<set>}; the standard is always
 * checked first (docs/edi.md, "Partner implementation guides").
 *
 * @param onViolation {@code R} (default) to reject a set that breaks the guide, {@code E} to accept it with errors
 *                    (AK5 / IK5 E): what the trading partner agreement says
 * @param segments    segments the guide requires although the standard makes them optional (e.g. {@code G62})
 * @param codes       element (segment id + two-digit position, e.g. {@code W0601}, {@code N101}) to the codes the
 *                    partner may use there, a subset of the standard's code list
 */
public record ImplementationGuide(String onViolation, List<String> segments, Map<String, List<String>> codes) {

    public ImplementationGuide {
        onViolation = onViolation == null || onViolation.isBlank() ? "R" : onViolation.strip().toUpperCase();
        if (!onViolation.equals("R") && !onViolation.equals("E")) {
            throw new IllegalArgumentException("edi.guides onViolation must be R or E, not '" + onViolation + "'");
        }
        segments = segments == null ? List.of() : List.copyOf(segments);
        codes = codes == null ? Map.of() : Map.copyOf(codes);
        for (String element : codes.keySet()) {
            if (!element.matches("[A-Z][A-Z0-9]{1,2}\\d{2}(_\\d+)?")) {
                throw new IllegalArgumentException("edi.guides codes: '" + element
                        + "' is not a segment id and element position like W0601 or N101");
            }
        }
    }

    /** True when a violation rejects the set; false when it is accepted with errors. */
    public boolean rejects() {
        return onViolation.equals("R");
    }
}
