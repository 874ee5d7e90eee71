package io.dock2ledger.edi.read;

/**
 * What happened to an interchange, group or transaction, with the codes acknowledgments carry for it.
 * X12: AK5/IK5/AK9/TA104 (A, E, P, R). EDIFACT: CONTRL action 0083 (7 acknowledged, 4 rejected).
 */
public enum Disposition {
    ACCEPTED("A", "7"),
    ACCEPTED_WITH_ERRORS("E", "7"),
    PARTIALLY_ACCEPTED("P", "7"),
    REJECTED("R", "4");

    private final String x12Code;
    private final String edifactAction;

    Disposition(String x12Code, String edifactAction) {
        this.x12Code = x12Code;
        this.edifactAction = edifactAction;
    }

    public String x12Code() {
        return x12Code;
    }

    public String edifactAction() {
        return edifactAction;
    }
}
