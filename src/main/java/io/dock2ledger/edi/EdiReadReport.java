package io.dock2ledger.edi;

import io.dock2ledger.edi.ack.AckDocument;
import io.dock2ledger.edi.read.Disposition;
import io.dock2ledger.edi.read.GroupOutcome;
import io.dock2ledger.edi.read.InterchangeOutcome;
import io.dock2ledger.edi.read.TransactionOutcome;
import io.dock2ledger.edi.syntax.EdiProblem;

import java.util.List;

/**
 * Everything {@link EdiIntake#read} found in one file.
 *
 * @param partner           the partner the file came from
 * @param fileProblems      problems that concern the file as a whole (not EDI, unreadable after a point)
 * @param interchanges      one outcome per interchange, in file order
 * @param acknowledgments   documents to send back, in file order
 * @param delivered         how many transactions were handed to the consumer
 * @param fileChecksum      SHA-256 of the bytes read, hex
 */
public record EdiReadReport(
        String partner,
        List<EdiProblem> fileProblems,
        List<InterchangeOutcome> interchanges,
        List<AckDocument> acknowledgments,
        int delivered,
        String fileChecksum) {

    public EdiReadReport {
        fileProblems = List.copyOf(fileProblems);
        interchanges = List.copyOf(interchanges);
        acknowledgments = List.copyOf(acknowledgments);
    }

    /** True when nothing in the file could be used: not EDI, or no interchange was accepted. */
    public boolean rejected() {
        return delivered == 0 && (interchanges.isEmpty()
                || interchanges.stream().allMatch(i -> i.disposition() == Disposition.REJECTED));
    }

    /** Every transaction outcome of every interchange. */
    public List<TransactionOutcome> transactions() {
        return interchanges.stream().flatMap(i -> i.allTransactions().stream()).toList();
    }

    /** All reasons for rejection in the file, for an exception record. */
    public String rejectionReasons() {
        List<String> reasons = new java.util.ArrayList<>();
        fileProblems.forEach(p -> reasons.add(p.reason()));
        for (InterchangeOutcome interchange : interchanges) {
            interchange.problems().stream().filter(EdiProblem::fatal).forEach(p -> reasons.add(p.reason()));
            for (GroupOutcome group : interchange.groups()) {
                group.problems().stream().filter(EdiProblem::fatal).forEach(p -> reasons.add(p.reason()));
            }
            interchange.allTransactions().stream().filter(t -> !t.accepted())
                    .forEach(t -> reasons.add(t.label() + ": " + t.reasons()));
        }
        return String.join("\n", reasons);
    }
}
