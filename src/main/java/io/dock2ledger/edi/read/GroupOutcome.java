package io.dock2ledger.edi.read;

import io.dock2ledger.edi.syntax.EdiProblem;
import io.dock2ledger.edi.syntax.GroupEnvelope;

import java.util.List;

/**
 * The verdict on one functional group (X12 GS/GE, EDIFACT UNG/UNE).
 *
 * @param declaredCount GE01 as written (may be null when the trailer was never read)
 * @param problems      header and trailer problems; fatal ones reject the whole group
 */
public record GroupOutcome(
        GroupEnvelope envelope,
        String declaredCount,
        Disposition disposition,
        List<TransactionOutcome> transactions,
        List<EdiProblem> problems) {

    public GroupOutcome {
        transactions = List.copyOf(transactions);
        problems = List.copyOf(problems);
    }

    /** AK903: sets received. */
    public int received() {
        return transactions.size();
    }

    /** AK904: sets accepted (0 when the group itself is rejected). */
    public int acceptedCount() {
        return disposition == Disposition.REJECTED ? 0
                : (int) transactions.stream().filter(TransactionOutcome::accepted).count();
    }

    /** True when the group carries functional acknowledgments, which X12 says are never acknowledged. */
    public boolean isFunctionalAcknowledgment() {
        return "FA".equals(envelope.functionalId());
    }
}
