package io.dock2ledger.edi.syntax;

import io.xlate.edi.stream.EDIStreamConstants.Delimiters;

import java.util.Map;

/**
 * The separators an interchange declared (ISA or UNA/UNB). Acknowledgments are written with the same ones so the
 * partner's translator reads them without configuration.
 *
 * @param repetition {@code null} when the interchange declares none (X12 before 00402, EDIFACT syntax 3 without UNA)
 * @param release    EDIFACT release (escape) character, {@code null} for X12
 */
public record EdiDelimiters(char segment, char element, char component, Character repetition, Character release,
                            char decimal) {

    public static final EdiDelimiters X12_DEFAULT = new EdiDelimiters('~', '*', ':', '^', null, '.');
    /** What the hub writes its own X12 documents in (ISA12 00401 has no repetition separator; ISA11 is U). */
    public static final EdiDelimiters X12_DEFAULT_4010 = new EdiDelimiters('~', '*', '>', null, null, '.');
    public static final EdiDelimiters EDIFACT_DEFAULT = new EdiDelimiters('\'', '+', ':', null, '?', '.');

    public static EdiDelimiters from(Map<String, Character> staedi, EdiStandard standard) {
        EdiDelimiters fallback = standard == EdiStandard.X12 ? X12_DEFAULT : EDIFACT_DEFAULT;
        return new EdiDelimiters(
                staedi.getOrDefault(Delimiters.SEGMENT, fallback.segment()),
                staedi.getOrDefault(Delimiters.DATA_ELEMENT, fallback.element()),
                staedi.getOrDefault(Delimiters.COMPONENT_ELEMENT, fallback.component()),
                staedi.get(Delimiters.REPETITION),
                standard == EdiStandard.EDIFACT ? staedi.getOrDefault(Delimiters.RELEASE, '?') : null,
                staedi.getOrDefault(Delimiters.DECIMAL, '.'));
    }

    /**
     * These separators, if an acknowledgment can be written with them; else the standard's defaults. A broken
     * interchange still gets its negative acknowledgment, but what it declared may be unusable: a letter, digit,
     * space or control character as a separator (an ISA whose terminator position holds data, a NUL component
     * separator), or one character for two roles. StAEDI then refused
     * to write the acknowledgment at all ({@code Invalid state}), an unclassified failure that left the file in the
     * inbox (found by ParserFuzzTest).
     */
    public EdiDelimiters writable(EdiStandard standard) {
        java.util.List<Character> used = new java.util.ArrayList<>(java.util.List.of(segment, element, component));
        if (repetition != null) {
            used.add(repetition);
        }
        if (release != null) {
            used.add(release);
        }
        // Inside a segment only visible characters separate; a segment may end in a control character (0x15 NAK in
        // old mailbags, a line break) but never NUL, which StAEDI refuses to write ("Invalid character: 0x0000").
        boolean usable = used.stream().distinct().count() == used.size()
                && used.stream().noneMatch(c -> Character.isLetterOrDigit(c) || c == ' ' || c == 0)
                && used.stream().filter(c -> c != segment).noneMatch(Character::isISOControl);
        if (usable) {
            return this;
        }
        if (standard == EdiStandard.EDIFACT) {
            return EDIFACT_DEFAULT;
        }
        return repetition == null ? X12_DEFAULT_4010 : X12_DEFAULT;
    }

    /** True when segments end with a line break, so writing one more after each segment would add blank lines. */
    public boolean segmentIsLineBreak() {
        return segment == '\n' || segment == '\r';
    }
}
