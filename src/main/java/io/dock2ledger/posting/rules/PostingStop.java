package io.dock2ledger.posting.rules;

import io.dock2ledger.exceptions.ExceptionCategory;

/**
 * Stops a rule with its outcome (a rejection or a wait) from deep inside a helper, so the rule classes read as
 * the accounting they do instead of as error plumbing. Caught by the engine; carries no stack trace.
 */
final class PostingStop extends RuntimeException {

    private final transient PostingOutcome outcome;

    private PostingStop(PostingOutcome outcome, String message) {
        super(message, null, false, false);
        this.outcome = outcome;
    }

    static PostingStop rejected(ExceptionCategory category, String reason) {
        return new PostingStop(new PostingOutcome.Rejected(category, reason), reason);
    }

    static PostingStop waiting(String reason) {
        return new PostingStop(new PostingOutcome.Waiting(reason), reason);
    }

    PostingOutcome outcome() {
        return outcome;
    }
}
