package io.dock2ledger.posting;

import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.posting.documents.FinanceDocument;
import io.dock2ledger.posting.rules.PostingEngine;
import io.dock2ledger.posting.rules.PostingOutcome;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Posts a stream of events the way the hub does around the engine: a business document (partner, type, document
 * id) is decided once, as the idempotency ledger guarantees; events that wait are retried after the others until
 * a full round makes no progress.
 */
final class PostingHarness {

    private final Function<CanonicalEvent, PostingOutcome> poster;
    private final Set<String> ledger = new HashSet<>();
    private final Map<String, PostingOutcome> outcomes = new LinkedHashMap<>();
    private final List<FinanceDocument> documents = new ArrayList<>();

    PostingHarness(PostingEngine engine) {
        this(engine::post);
    }

    /** @param poster how one event is posted (e.g. the engine inside a database transaction) */
    PostingHarness(Function<CanonicalEvent, PostingOutcome> poster) {
        this.poster = poster;
    }

    static String ledgerKey(CanonicalEvent event) {
        return event.source().partner() + "|" + event.type() + "|" + event.source().documentId();
    }

    /** @return the final outcome per ledger key */
    Map<String, PostingOutcome> postAll(List<CanonicalEvent> events) {
        List<CanonicalEvent> pending = new ArrayList<>(events);
        boolean progress = true;
        while (!pending.isEmpty() && progress) {
            progress = false;
            List<CanonicalEvent> stillWaiting = new ArrayList<>();
            for (CanonicalEvent event : pending) {
                String key = ledgerKey(event);
                if (ledger.contains(key)) {
                    continue; // a resend of a decided document: the ledger drops it
                }
                PostingOutcome outcome = poster.apply(event);
                outcomes.put(key, outcome);
                if (outcome instanceof PostingOutcome.Waiting) {
                    stillWaiting.add(event);
                } else {
                    ledger.add(key);
                    progress = true;
                    if (outcome instanceof PostingOutcome.Posted posted) {
                        documents.addAll(posted.documents());
                    }
                }
            }
            pending = stillWaiting;
        }
        return outcomes;
    }

    List<FinanceDocument> documents() {
        return List.copyOf(documents);
    }
}
