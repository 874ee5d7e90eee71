package io.dock2ledger.faultinjection;

import java.time.Duration;

/** Waiting for the load to reach the point where a fault is injected. */
final class Load {

    private Load() {
    }

    /** Waits until the hub has posted at least this many events in its current life; false on timeout or exit. */
    static boolean awaitPosted(HubProcess hub, HubHttp http, long atLeast, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && hub.isAlive()) {
            if (http.counter("dock2ledger_events_posted_total").orElse(0) >= atLeast) {
                return true;
            }
            HubProcess.sleep(250);
        }
        return false;
    }

    static long posted(HubHttp http) {
        return http.counter("dock2ledger_events_posted_total").orElse(-1);
    }
}
