package io.dock2ledger.edi.read;

import io.dock2ledger.edi.syntax.EdiProblem;

import java.util.List;

/**
 * The verdict on one transaction set / message.
 *
 * @param schemaId the schema its content was validated against, null when only its envelope was checked
 * @param problems why it was rejected (empty when accepted)
 * @param note     for accepted ones, what was (not) checked, e.g. "no schema for 846: envelope checked only"
 */
public record TransactionOutcome(
        String type,
        String control,
        String version,
        Disposition disposition,
        String schemaId,
        List<EdiProblem> problems,
        String note) {

    /**
     * How reasons name the set: its type and control number, or what is missing of them. A set whose ST01 or UNH
     * message type is empty was named " 943" or " " (found by ParserFuzzTest), and the exception did not say which set.
     */
    public String label() {
        return (type == null || type.isBlank() ? "(set without a type)" : type.strip()) + " "
                + (control == null || control.isBlank() ? "(no control number)" : control.strip());
    }

    public TransactionOutcome {
        problems = List.copyOf(problems);
    }

    public boolean accepted() {
        return disposition != Disposition.REJECTED;
    }

    /** Every reason, joined, for logs and exception queues. */
    public String reasons() {
        return String.join("; ", problems.stream().map(EdiProblem::reason).toList());
    }
}
