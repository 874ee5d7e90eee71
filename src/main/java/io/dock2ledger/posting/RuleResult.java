package io.dock2ledger.posting;

import java.util.List;

/**
 * What a rule decided, plus the state writes that go with it. The engine runs the writes only after the
 * documents passed the period and balance checks, so a rejected event never leaves state behind.
 */
record RuleResult(PostingOutcome outcome, Runnable stateWrites) {

    private static final Runnable NO_WRITES = () -> { };

    static RuleResult posted(List<FinanceDocument> documents, Runnable stateWrites) {
        return new RuleResult(new PostingOutcome.Posted(documents), stateWrites);
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
