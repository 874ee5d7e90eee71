package io.dock2ledger.edi.read;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A 997 or 999 a partner sent back: its answer to one functional group the hub sent (AK1), with a verdict per
 * transaction set (AK2 ... AK5 / IK5) and for the group (AK9). Read from the JSON form of the set (docs/edi.md).
 *
 * @param type         997 or 999
 * @param functionalId AK101, the functional id of the hub's group (OW for a 940)
 * @param groupControl AK102, the GS06 of the hub's group
 * @param groupStatus  AK901: A accepted, E accepted with errors, P partially accepted, R rejected (may be empty
 *                     when the partner left AK9 out)
 * @param groupNotes   AK905-AK909 in words
 * @param sets         one per AK2 loop; a 997 may leave out the sets it accepted
 */
public record ReceivedFunctionalAck(String type, String functionalId, String groupControl, String groupStatus,
                                    List<String> groupNotes, List<SetAck> sets) {

    public ReceivedFunctionalAck {
        groupNotes = List.copyOf(groupNotes);
        sets = List.copyOf(sets);
    }

    /**
     * @param type    AK201, e.g. 940
     * @param control AK202, the ST02 of the hub's set
     * @param status  AK501 / IK501: A, E, M, P, R, W or X
     * @param errors  AK3/AK4 (IK3/IK4) and AK502-AK506 in words, in the order the partner wrote them
     */
    public record SetAck(String type, String control, String status, List<String> errors) {
        public SetAck {
            errors = List.copyOf(errors);
        }
    }

    /** True for the JSON of a functional acknowledgment set. */
    public static boolean isFunctionalAck(JsonNode transaction) {
        String type = transaction.path("transaction").path("type").asText("");
        return "997".equals(type) || "999".equals(type);
    }

    /**
     * @throws IllegalArgumentException when the set has no AK1 with a group control number, so it cannot be matched
     */
    public static ReceivedFunctionalAck from(JsonNode transaction) {
        String type = transaction.path("transaction").path("type").asText("");
        boolean is999 = "999".equals(type);
        String functionalId = null;
        String groupControl = null;
        String groupStatus = "";
        List<String> groupNotes = new ArrayList<>();
        List<SetAck> sets = new ArrayList<>();
        String setType = null;
        String setControl = null;
        List<String> errors = new ArrayList<>();
        String segmentInError = null;
        for (JsonNode segment : transaction.path("segments")) {
            String id = segment.path("id").asText();
            switch (id) {
                case "AK1" -> {
                    functionalId = text(segment, "AK101");
                    groupControl = text(segment, "AK102");
                }
                case "AK2" -> {
                    setType = text(segment, "AK201");
                    setControl = text(segment, "AK202");
                    errors = new ArrayList<>();
                }
                case "AK3", "IK3" -> {
                    segmentInError = text(segment, id + "01");
                    errors.add("segment " + segmentInError + " at position " + text(segment, id + "02") + ": "
                            + describe(SEGMENT_ERRORS, text(segment, id + "04")));
                }
                case "AK4", "IK4" -> {
                    String position = first(segment, id + "01_1", id + "01");
                    String component = text(segment, id + "01_2");
                    String reference = text(segment, id + "02");
                    String bad = text(segment, id + "04");
                    errors.add((segmentInError == null ? "" : segmentInError) + " element " + position
                            + (component == null ? "" : "." + component)
                            + (reference == null ? "" : " (data element " + reference + ")") + ": "
                            + describe(ELEMENT_ERRORS, text(segment, id + "03"))
                            + (bad == null ? "" : ", value '" + bad + "'"));
                }
                case "AK5", "IK5" -> {
                    for (int i = 2; i <= 6; i++) {
                        String code = text(segment, String.format("%s%02d", id, i));
                        if (code != null) {
                            errors.add(describe(SET_ERRORS, code));
                        }
                    }
                    sets.add(new SetAck(setType, setControl, nonNull(text(segment, id + "01")), errors));
                    setType = null;
                    setControl = null;
                    segmentInError = null;
                    errors = new ArrayList<>();
                }
                case "AK9" -> {
                    groupStatus = nonNull(text(segment, "AK901"));
                    for (int i = 5; i <= 9; i++) {
                        String code = text(segment, String.format("AK9%02d", i));
                        if (code != null) {
                            groupNotes.add(describe(GROUP_ERRORS, code));
                        }
                    }
                }
                default -> {
                    // CTX and anything else adds nothing a person needs to act on.
                }
            }
        }
        if (setControl != null) {
            // An AK2 without its AK5: the partner's ack is incomplete; keep what it says, without a verdict.
            sets.add(new SetAck(setType, setControl, "", errors));
        }
        if (groupControl == null || groupControl.isBlank()) {
            throw new IllegalArgumentException("The " + (is999 ? "999" : "997") + " "
                    + transaction.path("transaction").path("control").asText("?")
                    + " has no AK1 group control number, so it cannot be matched to a document the hub sent");
        }
        return new ReceivedFunctionalAck(type, functionalId, groupControl.strip(), groupStatus, groupNotes, sets);
    }

    /** The verdict on one set of the group: its own AK5 when there is one, else what AK9 says of the group. */
    public String statusOf(String setControl) {
        return sets.stream().filter(s -> setControl.equals(s.control()) && !s.status().isEmpty())
                .map(SetAck::status).reduce((a, b) -> b)
                .orElse("P".equals(groupStatus) ? "A" : groupStatus);
    }

    /** The errors written for one set, plus the group's notes when the group was not accepted. */
    public List<String> errorsOf(String setControl) {
        List<String> all = new ArrayList<>();
        sets.stream().filter(s -> setControl.equals(s.control())).forEach(s -> all.addAll(s.errors()));
        if (!"A".equals(groupStatus)) {
            all.addAll(groupNotes);
        }
        return all;
    }

    private static String text(JsonNode segment, String field) {
        JsonNode value = segment.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.isArray() ? value.path(0).asText() : value.asText();
        return text.isBlank() ? null : text.strip();
    }

    private static String first(JsonNode segment, String... fields) {
        for (String field : fields) {
            String value = text(segment, field);
            if (value != null) {
                return value;
            }
        }
        return "?";
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }

    private static String describe(Map<String, String> table, String code) {
        if (code == null) {
            return "no error code";
        }
        String meaning = table.get(code);
        return meaning == null ? "code " + code : meaning + " (code " + code + ")";
    }

    /** AK304 / IK304 (X12 element 720, with the 999 "I" codes). */
    private static final Map<String, String> SEGMENT_ERRORS = Map.ofEntries(
            Map.entry("1", "unrecognized segment id"), Map.entry("2", "unexpected segment"),
            Map.entry("3", "mandatory segment missing"), Map.entry("4", "loop occurs over maximum times"),
            Map.entry("5", "segment exceeds maximum use"),
            Map.entry("6", "segment not in defined transaction set"),
            Map.entry("7", "segment not in proper sequence"), Map.entry("8", "segment has data element errors"),
            Map.entry("I4", "implementation 'not used' segment present"),
            Map.entry("I6", "implementation dependent segment missing"),
            Map.entry("I7", "implementation loop occurs under minimum times"),
            Map.entry("I8", "implementation segment below minimum use"),
            Map.entry("I9", "implementation dependent 'not used' segment present"));

    /** AK403 / IK403 (X12 element 723, with the 999 "I" codes). */
    private static final Map<String, String> ELEMENT_ERRORS = Map.ofEntries(
            Map.entry("1", "mandatory data element missing"),
            Map.entry("2", "conditional required data element missing"), Map.entry("3", "too many data elements"),
            Map.entry("4", "data element too short"), Map.entry("5", "data element too long"),
            Map.entry("6", "invalid character in data element"), Map.entry("7", "invalid code value"),
            Map.entry("8", "invalid date"), Map.entry("9", "invalid time"),
            Map.entry("10", "exclusion condition violated"), Map.entry("12", "too many repetitions"),
            Map.entry("13", "too many components"),
            Map.entry("I10", "implementation 'not used' data element present"),
            Map.entry("I11", "implementation too few repetitions"),
            Map.entry("I12", "implementation pattern match failure"),
            Map.entry("I13", "implementation dependent 'not used' data element present"),
            Map.entry("I6", "code value not used in implementation"),
            Map.entry("I9", "implementation dependent data element missing"));

    /** AK502-AK506 / IK502-IK506 (X12 element 718). */
    private static final Map<String, String> SET_ERRORS = Map.ofEntries(
            Map.entry("1", "transaction set not supported"), Map.entry("2", "transaction set trailer missing"),
            Map.entry("3", "transaction set control number in header and trailer do not match"),
            Map.entry("4", "number of included segments does not match actual count"),
            Map.entry("5", "one or more segments in error"),
            Map.entry("6", "missing or invalid transaction set identifier"),
            Map.entry("7", "missing or invalid transaction set control number"),
            Map.entry("8", "authentication key name unknown"), Map.entry("9", "encryption key name unknown"),
            Map.entry("23", "transaction set control number not unique within the functional group"),
            Map.entry("I5", "implementation one or more segments in error"),
            Map.entry("I6", "implementation convention not supported"));

    /** AK905-AK909 (X12 element 716). */
    private static final Map<String, String> GROUP_ERRORS = Map.ofEntries(
            Map.entry("1", "functional group not supported"), Map.entry("2", "functional group version not supported"),
            Map.entry("3", "functional group trailer missing"),
            Map.entry("4", "group control number in the functional group header and trailer do not agree"),
            Map.entry("5", "number of included transaction sets does not match actual count"),
            Map.entry("6", "group control number violates syntax"),
            Map.entry("19", "functional group control number not unique within interchange"),
            Map.entry("23", "transaction set control number not unique within the functional group"));
}
