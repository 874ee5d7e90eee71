package io.dock2ledger.edi.syntax;

/**
 * One thing wrong with an interchange, group or transaction, in words a person can act on and with the codes the
 * acknowledgments need.
 *
 * @param scope            which envelope level the problem belongs to
 * @param reason           human-readable explanation, always present
 * @param segmentId        segment tag, e.g. W12 (null when the problem is not about one segment)
 * @param segmentPosition  position in the transaction set counting ST/UNH as 1 (0 when not inside a set)
 * @param elementPosition  1-based element position in the segment (0 when the problem is about the whole segment)
 * @param componentPosition 1-based component position (0 when not a component)
 * @param elementReference data element reference number from the schema, e.g. 382 (may be null)
 * @param badValue         the offending value, for AK404 / IK404 (may be null)
 * @param x12SegmentCode   AK304 / IK304 code (1-8, I4-I9), null when not a segment problem
 * @param x12ElementCode   AK403 code (1-13), null when not an element problem
 * @param x12ImplementationCode the 999 "I" code (IK304 I4-I9 or IK403 I6-I13) when it differs from the 997 code
 * @param x12SetCode       AK5 / IK5 code (718), null when it only contributes "5" (segments in error)
 * @param x12GroupCode     AK9 code (716), null when not a group problem
 * @param ta1NoteCode      TA105 note code (3 digits), null when not an interchange problem
 * @param edifactCode      UN/EDIFACT 0085 syntax error code for CONTRL
 * @param fatal            true when it rejects its envelope; false for problems that are only noted (accepted with errors)
 */
public record EdiProblem(
        Scope scope,
        String reason,
        String segmentId,
        int segmentPosition,
        int elementPosition,
        int componentPosition,
        String elementReference,
        String badValue,
        String x12SegmentCode,
        String x12ElementCode,
        String x12ImplementationCode,
        String x12SetCode,
        String x12GroupCode,
        String ta1NoteCode,
        String edifactCode,
        boolean fatal) {

    /** Envelope level a problem belongs to. */
    public enum Scope { FILE, INTERCHANGE, GROUP, TRANSACTION }

    public static EdiProblem fileLevel(String reason) {
        return new EdiProblem(Scope.FILE, reason, null, 0, 0, 0, null, null, null, null, null, null, null, null, null, true);
    }

    public static EdiProblem interchange(String reason, String ta1NoteCode, String edifactCode, boolean fatal) {
        return new EdiProblem(Scope.INTERCHANGE, reason, null, 0, 0, 0, null, null, null, null, null, null, null,
                ta1NoteCode, edifactCode, fatal);
    }

    public static EdiProblem group(String reason, String ak9Code, boolean fatal) {
        return new EdiProblem(Scope.GROUP, reason, null, 0, 0, 0, null, null, null, null, null, null, ak9Code, null,
                null, fatal);
    }

    public static EdiProblem transaction(String reason, String ak5Code, String edifactCode) {
        return new EdiProblem(Scope.TRANSACTION, reason, null, 0, 0, 0, null, null, null, null, null, ak5Code, null,
                null, edifactCode, true);
    }

    /** True when the problem points at a segment (an AK3 / IK3 / UCS is written for it). */
    public boolean isSegmentProblem() {
        return segmentId != null && segmentPosition > 0 && (x12SegmentCode != null || x12ElementCode != null);
    }
}
