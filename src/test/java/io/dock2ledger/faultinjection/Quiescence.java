package io.dock2ledger.faultinjection;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * "Nothing left to post": the hub is alive, its inbox is empty, the posting queue (waiting events included) is empty
 * and neither the received nor the posted counter has moved, all of it continuously for a stable window. An event
 * lost by the hub gives no signal at all, which is why quiescence is judged from the outside and the verdict comes
 * from reconciling every input document afterwards.
 */
final class Quiescence {

    record Result(boolean quiet, Duration waited, String lastObservation) {
    }

    private Quiescence() {
    }

    static Result await(HubProcess hub, HubHttp http, Supplier<OptionalLong> queueDepth, LongSupplier inboxFiles,
                        Duration stable, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        String lastSignature = null;
        long quietSince = -1;
        String observation = "nothing observed";
        while (System.nanoTime() < deadline) {
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
            } else if (quietSince < 0) {
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= stable.toNanos()) {
                return new Result(true, Duration.ofNanos(System.nanoTime() - start), observation);
            }
            HubProcess.sleep(1000);
        }
        return new Result(false, Duration.ofNanos(System.nanoTime() - start), observation);
    }
}
