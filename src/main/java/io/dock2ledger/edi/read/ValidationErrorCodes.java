package io.dock2ledger.edi.read;

import io.xlate.edi.stream.EDIStreamValidationError;

/**
 * Translates StAEDI's validation errors into the codes acknowledgments use: X12 720 (AK304 segment syntax error),
 * 723 (AK403 element syntax error), their 999 implementation variants (IK304 / IK403 "I" codes) and UN/EDIFACT
 * 0085 (CONTRL syntax error codes), plus a sentence for people.
 */
final class ValidationErrorCodes {

    private ValidationErrorCodes() {
    }

    /** A StAEDI error expressed in acknowledgment terms. */
    record Codes(String x12Segment, String x12Element, String x12Implementation, String edifact, String description) {
    }

    static Codes of(EDIStreamValidationError error) {
        return switch (error) {
            case UNRECOGNIZED_SEGMENT_ID -> segment("1", null, "15", "unrecognized segment id");
            case UNEXPECTED_SEGMENT -> segment("2", null, "15", "segment not expected here");
            case MANDATORY_SEGMENT_MISSING -> segment("3", null, "13", "mandatory segment missing");
            case LOOP_OCCURS_OVER_MAXIMUM_TIMES -> segment("4", null, "36", "loop occurs more often than allowed");
            case SEGMENT_EXCEEDS_MAXIMUM_USE -> segment("5", null, "35", "segment occurs more often than allowed");
            case SEGMENT_NOT_IN_DEFINED_TRANSACTION_SET ->
                    segment("6", null, "15", "segment is not defined for this transaction set");
            case SEGMENT_NOT_IN_PROPER_SEQUENCE -> segment("7", null, "15", "segment is out of sequence");
            case SEGMENT_HAS_DATA_ELEMENT_ERRORS -> segment("8", null, "12", "segment has data element errors");
            case IMPLEMENTATION_UNUSED_SEGMENT_PRESENT ->
                    segment("2", "I4", "15", "segment marked 'not used' by the implementation is present");
            case IMPLEMENTATION_DEPENDENT_SEGMENT_MISSING ->
                    segment("3", "I6", "13", "implementation-dependent segment missing");
            case IMPLEMENTATION_LOOP_OCCURS_UNDER_MINIMUM_TIMES ->
                    segment("3", "I7", "13", "loop occurs fewer times than the implementation requires");
            case IMPLEMENTATION_SEGMENT_BELOW_MINIMUM_USE ->
                    segment("3", "I8", "13", "segment occurs fewer times than the implementation requires");
            case IMPLEMENTATION_DEPENDENT_UNUSED_SEGMENT_PRESENT ->
                    segment("2", "I9", "15", "implementation-dependent 'not used' segment present");
            case CONDITIONAL_REQUIRED_SEGMENT_MISSING -> segment("3", null, "13", "conditionally required segment missing");
            case SEGMENT_EXCLUSION_CONDITION_VIOLATED ->
                    segment("2", null, "15", "segment present although an exclusion condition forbids it");
            case REQUIRED_DATA_ELEMENT_MISSING -> element("1", null, "13", "mandatory data element missing");
            case CONDITIONAL_REQUIRED_DATA_ELEMENT_MISSING ->
                    element("2", null, "13", "conditionally required data element missing");
            case TOO_MANY_DATA_ELEMENTS -> element("3", null, "16", "too many data elements");
            case DATA_ELEMENT_TOO_SHORT -> element("4", null, "40", "data element too short");
            case DATA_ELEMENT_TOO_LONG -> element("5", null, "39", "data element too long");
            case INVALID_CHARACTER_DATA -> element("6", null, "37", "invalid character in data element");
            case INVALID_CODE_VALUE -> element("7", null, "12", "invalid code value");
            case INVALID_DATE -> element("8", null, "12", "invalid date");
            case INVALID_TIME -> element("9", null, "12", "invalid time");
            case EXCLUSION_CONDITION_VIOLATED -> element("10", null, "12", "exclusion condition violated");
            case TOO_MANY_REPETITIONS -> element("12", null, "35", "too many repetitions");
            case TOO_MANY_COMPONENTS -> element("13", null, "16", "too many components");
            case IMPLEMENTATION_DEPENDENT_DATA_ELEMENT_MISSING ->
                    element("1", "I9", "13", "implementation-dependent data element missing");
            case IMPLEMENTATION_UNUSED_DATA_ELEMENT_PRESENT ->
                    element("10", "I10", "15", "data element marked 'not used' by the implementation is present");
            case IMPLEMENTATION_TOO_FEW_REPETITIONS ->
                    element("1", "I11", "13", "fewer repetitions than the implementation requires");
            case IMPLEMENTATION_DEPENDENT_UNUSED_DATA_ELEMENT_PRESENT ->
                    element("10", "I13", "15", "implementation-dependent 'not used' data element present");
            case IMPLEMENTATION_INVALID_CODE_VALUE ->
                    element("7", "I6", "12", "code value not used in this implementation");
            case IMPLEMENTATION_PATTERN_MATCH_FAILURE ->
                    element("6", "I12", "12", "value does not match the implementation's pattern");
            case CONTROL_REFERENCE_MISMATCH -> element(null, null, "28", "control reference does not match its header");
            case CONTROL_COUNT_DOES_NOT_MATCH_ACTUAL_COUNT ->
                    element(null, null, "29", "control count does not match the actual count");
            case NONE -> element(null, null, "18", "unspecified error");
        };
    }

    /** True for StAEDI errors reported against a whole segment rather than one of its elements. */
    static boolean isSegmentError(EDIStreamValidationError error) {
        return of(error).x12Segment() != null;
    }

    private static Codes segment(String x12, String implementation, String edifact, String description) {
        return new Codes(x12, null, implementation, edifact, description);
    }

    private static Codes element(String x12, String implementation, String edifact, String description) {
        return new Codes(null, x12, implementation, edifact, description);
    }
}
