package io.dock2ledger.posting.rules;

import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.posting.documents.FinanceDocument;

import java.util.List;
import java.util.Objects;

/** What the posting engine decided for one canonical event. */
public sealed interface PostingOutcome {

    /** Balanced finance documents to store and send, in the order they were produced. */
    record Posted(List<FinanceDocument> documents) implements PostingOutcome {
        public Posted {
            documents = List.copyOf(documents);
            if (documents.isEmpty()) {
                throw new IllegalArgumentException("Posted needs at least one document; use NothingToPost");
            }
        }
    }

    /** The event is understood and correct but moves no money (stock put on hold, the AK leg of a transfer). */
    record NothingToPost(String reason) implements PostingOutcome {
        public NothingToPost {
            Objects.requireNonNull(reason);
        }
    }

    /**
     * The event depends on something not posted yet (its shipment, receipt, other transfer leg, final return
     * disposition). The caller retries it later and turns a wait that lasts too long into DEPENDENCY_TIMEOUT.
     */
    record Waiting(String reason) implements PostingOutcome {
        public Waiting {
            Objects.requireNonNull(reason);
        }
    }

    /** A definitive problem: nothing is posted, an exception goes to the category's owner. */
    record Rejected(ExceptionCategory category, String reason) implements PostingOutcome {
        public Rejected {
            Objects.requireNonNull(category);
            Objects.requireNonNull(reason);
        }
    }
}
