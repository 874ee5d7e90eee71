package io.dock2ledger.edi.read;

import io.dock2ledger.edi.syntax.EdiProblem;
import io.dock2ledger.edi.syntax.InterchangeEnvelope;

import java.util.List;

/**
 * The verdict on one interchange.
 *
 * @param groups    its functional groups (X12; EDIFACT only when UNG is used)
 * @param messages  EDIFACT messages that sit directly in the interchange (no UNG)
 * @param problems  header and trailer problems; fatal ones reject the interchange and everything in it
 * @param duplicate true when the same sender already sent this control number within the duplicate window
 * @param ackNote   which acknowledgments were written, or why none was
 * @param receivedTa1s TA1 segments the partner sent in this interchange (answers to the hub's own interchanges);
 *                  empty when the interchange was rejected or is a duplicate, so that they are applied once
 */
public record InterchangeOutcome(
        InterchangeEnvelope envelope,
        Disposition disposition,
        boolean duplicate,
        List<GroupOutcome> groups,
        List<TransactionOutcome> messages,
        List<EdiProblem> problems,
        String ackNote,
        List<ReceivedTa1> receivedTa1s) {

    public InterchangeOutcome {
        receivedTa1s = receivedTa1s == null ? List.of() : List.copyOf(receivedTa1s);
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

    public InterchangeOutcome withAckNote(String note) {
        return new InterchangeOutcome(envelope, disposition, duplicate, groups, messages, problems, note,
                receivedTa1s);
    }
}
