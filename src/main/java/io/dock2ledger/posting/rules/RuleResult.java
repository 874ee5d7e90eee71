package io.dock2ledger.posting.rules;

import io.dock2ledger.posting.documents.FinanceDocument;

import java.util.List;

/**
 * What a rule decided, plus the state writes that go with it. The engine runs the writes only after the
 * documents passed the period and balance checks, so a rejected event never leaves state behind. Writes come
 * with Posted, with Waiting (a held return) and with a NothingToPost whose amounts all rounded to zero.
 */
record RuleResult(PostingOutcome outcome, Runnable stateWrites) {

    private static final Runnable NO_WRITES = () -> { };

    static RuleResult posted(List<FinanceDocument> documents, Runnable stateWrites) {
        return new RuleResult(new PostingOutcome.Posted(documents), stateWrites);
    }

    /**
     * Posts the documents that carry money. When every amount rounds to 0.00 (a fraction of a cheap unit) there
     * is nothing to book, but the quantity did move: the state is still written and the answer is NothingToPost.
     */
    static RuleResult postedIfAnyMoney(List<FinanceDocument> documents, Runnable stateWrites, String whenNoMoney) {
        List<FinanceDocument> withMoney = documents.stream().filter(d -> !d.journalLines().isEmpty()).toList();
        return withMoney.isEmpty()
                ? new RuleResult(new PostingOutcome.NothingToPost(whenNoMoney), stateWrites)
                : posted(withMoney, stateWrites);
    }

    static RuleResult nothingToPost(String reason) {
        return new RuleResult(new PostingOutcome.NothingToPost(reason), NO_WRITES);
    }

    static RuleResult waiting(String reason) {
        return waiting(reason, NO_WRITES);
    }

    static RuleResult waiting(String reason, Runnable stateWrites) {
        return new RuleResult(new PostingOutcome.Waiting(reason), stateWrites);
    }
}
