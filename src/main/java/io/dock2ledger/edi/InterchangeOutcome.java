package io.dock2ledger.edi;

import java.util.List;

/**
 * The verdict on one interchange.
 *
 * @param groups    its functional groups (X12; EDIFACT only when UNG is used)
 * @param messages  EDIFACT messages that sit directly in the interchange (no UNG)
 * @param problems  header and trailer problems; fatal ones reject the interchange and everything in it
 * @param duplicate true when the same sender already sent this control number within the duplicate window
 * @param ackNote   which acknowledgments were written, or why none was
 */
public record InterchangeOutcome(
        InterchangeEnvelope envelope,
        Disposition disposition,
        boolean duplicate,
        List<GroupOutcome> groups,
        List<TransactionOutcome> messages,
        List<EdiProblem> problems,
        String ackNote) {

    public InterchangeOutcome {
        groups = List.copyOf(groups);
        messages = List.copyOf(messages);
        problems = List.copyOf(problems);
    }

    /** Every transaction in the interchange, grouped or not, in file order. */
    public List<TransactionOutcome> allTransactions() {
        return java.util.stream.Stream.concat(groups.stream().flatMap(g -> g.transactions().stream()),
                messages.stream()).toList();
    }

    /** The first fatal problem's TA1 note code, or 000 when there is none. */
    public String ta1NoteCode() {
        return problems.stream().filter(p -> p.ta1NoteCode() != null)
                .sorted((a, b) -> Boolean.compare(b.fatal(), a.fatal()))
                .map(EdiProblem::ta1NoteCode).findFirst().orElse("000");
    }

    InterchangeOutcome withAckNote(String note) {
        return new InterchangeOutcome(envelope, disposition, duplicate, groups, messages, problems, note);
    }
}
