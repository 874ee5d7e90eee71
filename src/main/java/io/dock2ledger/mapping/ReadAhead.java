package io.dock2ledger.mapping;

import io.dock2ledger.canonical.CanonicalEvent;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Maps and prepares the documents of one file on a pool of threads, ahead of the one thread that stores and queues
 * them (issue 10: a large file is mapped on more than one thread, and its order holds).
 * <p>
 * Only the pure part runs ahead: mapping, enrichment from cached master data and schema validation (EventPreparation,
 * no database write, no queue). The file's own thread still takes every document and every event in file order,
 * through the same route steps, and stores and queues them one after the other; so the order of a file's events, and
 * of the events of one sales order, purchase order, RMA or transfer, is the file's order, as before. A failure met
 * ahead (a mapping error, a master-data or schema problem) is thrown when the file's thread reaches that document or
 * event, so the route's error handling sees it at the same place, with the same body, as without read-ahead; a retry
 * of that step maps again on the file's thread.
 * <p>
 * One instance per thread that reads files (each partner inbox has its own), held by {@link EventPreparation} in a
 * thread-local: a file read on a thread replaces what a previous file of that thread left.
 */
final class ReadAhead implements Iterator<InboundDocument>, Closeable {

    /** A document's preparation: its mapped events, each with its prepared event or failure; or its mapping failure. */
    record Prepared(List<CanonicalEvent> mapped, List<Outcome> outcomes, RuntimeException failure) {
    }

    /** One mapped event: prepared, or the reason it could not be. */
    record Outcome(CanonicalEvent mapped, CanonicalEvent prepared, RuntimeException failure) {
    }

    private record Pending(InboundDocument document, Future<Prepared> preparation) {
    }

    /** Documents the split took but has not mapped yet; normally one. */
    private static final int TAKEN_KEPT = 4;

    private final Iterator<InboundDocument> documents;
    private final ExecutorService pool;
    private final int window;
    private final Function<InboundDocument, Prepared> preparation;
    private final Deque<Pending> ahead = new ArrayDeque<>();
    private final Deque<Pending> taken = new ArrayDeque<>();
    private final Map<CanonicalEvent, Outcome> outcomes = new IdentityHashMap<>();

    ReadAhead(Iterator<InboundDocument> documents, ExecutorService pool, int window,
              Function<InboundDocument, Prepared> preparation) {
        this.documents = documents;
        this.pool = pool;
        this.window = Math.max(1, window);
        this.preparation = preparation;
    }

    @Override
    public boolean hasNext() {
        fill();
        return !ahead.isEmpty();
    }

    @Override
    public InboundDocument next() {
        fill();
        Pending next = ahead.pollFirst();
        if (next == null) {
            throw new NoSuchElementException();
        }
        taken.addLast(next);
        while (taken.size() > TAKEN_KEPT) {
            taken.pollFirst().preparation().cancel(false);
        }
        fill();
        return next.document();
    }

    /**
     * The mapped events of a document this iterator handed out, prepared ahead; null when it did not hand it out (another
     * channel's document) or it was taken already (a retry), so the caller maps it now.
     *
     * @throws RuntimeException the document's mapping failure
     */
    List<CanonicalEvent> mapped(InboundDocument document) {
        Pending pending = null;
        while (!taken.isEmpty()) {
            Pending first = taken.pollFirst();
            if (first.document() == document) {
                pending = first;
                break;
            }
            first.preparation().cancel(false);
        }
        if (pending == null) {
            return null;
        }
        Prepared prepared = await(pending.preparation());
        if (prepared == null) {
            return null;
        }
        if (prepared.failure() != null) {
            throw prepared.failure();
        }
        // The events of the document before are done with (the split takes a document's events before the next one).
        outcomes.clear();
        prepared.outcomes().forEach(outcome -> outcomes.put(outcome.mapped(), outcome));
        return prepared.mapped();
    }

    /**
     * The prepared event of a mapped event that came from {@link #mapped}, or null (map it now) when it did not or it
     * was taken already (a retry).
     *
     * @throws RuntimeException the event's enrichment or validation failure
     */
    CanonicalEvent prepared(CanonicalEvent mapped) {
        Outcome outcome = outcomes.remove(mapped);
        if (outcome == null) {
            return null;
        }
        if (outcome.failure() != null) {
            throw outcome.failure();
        }
        return outcome.prepared();
    }

    /** Stops what is still ahead: the file is done with, or another file replaces it on this thread. */
    void discard() {
        ahead.forEach(pending -> pending.preparation().cancel(false));
        taken.forEach(pending -> pending.preparation().cancel(false));
        ahead.clear();
        taken.clear();
        outcomes.clear();
    }

    /**
     * The file is done with before its end (the split stopped at a failure and closes what it iterates): what is still
     * ahead is stopped and the file's documents are closed.
     */
    @Override
    public void close() throws IOException {
        discard();
        if (documents instanceof Closeable closeable) {
            closeable.close();
        }
    }

    private void fill() {
        while (ahead.size() < window && documents.hasNext()) {
            InboundDocument document = documents.next();
            ahead.addLast(new Pending(document, pool.submit(() -> preparation.apply(document))));
        }
    }

    /** The preparation's result; null when it was cancelled (the caller then maps on its own thread). */
    private static Prepared await(Future<Prepared> preparation) {
        try {
            return preparation.get();
        } catch (CancellationException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while a document was mapped ahead", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("Mapping ahead failed: " + e.getCause(), e.getCause());
        }
    }
}
