package io.dock2ledger.faultinjection;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * "Nothing left to post": the hub is alive, its inbox is empty, the posting queue (waiting events included) is empty
 * and neither the received nor the posted counter has moved, all of it continuously for a stable window. An event
 * lost by the hub gives no signal at all, which is why quiescence is judged from the outside and the verdict comes
 * from reconciling every input document afterwards. A hub that is alive but not quiet when the time is up leaves its
 * thread dump beside its log ({@link HubProcess#dumpThreads()}).
 */
final class Quiescence {

    record Result(boolean quiet, Duration waited, String lastObservation) {
    }

    private Quiescence() {
    }

    static Result await(HubProcess hub, HubHttp http, Supplier<OptionalLong> queueDepth, LongSupplier inboxFiles,
                        Duration stable, Duration timeout) {
        long start = System.nanoTime();
        Observer observer = new Observer(hub, http, queueDepth, inboxFiles, stable);
        boolean quiet;
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofSeconds(1)).until(observer::quietLongEnough);
            quiet = true;
        } catch (ConditionTimeoutException e) {
            quiet = false;
        }
        String observation = observer.observation;
        if (!quiet && hub.isAlive()) {
            // Where each thread of the hub stands: its log says what failed, not what waits on what.
            observation += "; threads: " + hub.dumpThreads();
        }
        return new Result(quiet, Duration.ofNanos(System.nanoTime() - start), observation);
    }

    /** One observation a second: calm when the hub is alive, inbox and queue are empty and the counters stand still. */
    private static final class Observer {
        private final HubProcess hub;
        private final HubHttp http;
        private final Supplier<OptionalLong> queueDepth;
        private final LongSupplier inboxFiles;
        private final Duration stable;
        private String lastSignature;
        private long quietSince = -1;
        private String observation = "nothing observed";

        Observer(HubProcess hub, HubHttp http, Supplier<OptionalLong> queueDepth, LongSupplier inboxFiles, Duration stable) {
            this.hub = hub;
            this.http = http;
            this.queueDepth = queueDepth;
            this.inboxFiles = inboxFiles;
            this.stable = stable;
        }

        boolean quietLongEnough() {
            OptionalLong received = http.counter("dock2ledger_events_received_total");
            OptionalLong posted = http.counter("dock2ledger_events_posted_total");
            OptionalLong depth = queueDepth.get();
            long inbox = inboxFiles.getAsLong();
            String signature = received + "/" + posted;
            observation = String.format("alive=%s inbox=%d queue=%s received=%s posted=%s", hub.isAlive(), inbox,
                    depth.isPresent() ? depth.getAsLong() : "?", received.isPresent() ? received.getAsLong() : "?",
                    posted.isPresent() ? posted.getAsLong() : "?");
            boolean calm = hub.isAlive() && inbox == 0 && depth.isPresent() && depth.getAsLong() == 0
                    && received.isPresent() && posted.isPresent() && signature.equals(lastSignature);
            lastSignature = signature;
            if (!calm) {
                quietSince = -1;
                return false;
            }
            if (quietSince < 0) {
                quietSince = System.nanoTime();
            }
            return System.nanoTime() - quietSince >= stable.toNanos();
        }
    }
}
