package io.dock2ledger.posting.rules;

import io.dock2ledger.canonical.CanonicalEvent;

/** The posting of one event kind. May stop with a {@link PostingStop}; writes state only through the result. */
interface EventRule {

    RuleResult evaluate(CanonicalEvent event);
}
