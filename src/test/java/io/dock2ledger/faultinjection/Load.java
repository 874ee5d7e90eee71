package io.dock2ledger.faultinjection;

import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** Waiting for the load to reach the point where a fault is injected. */
final class Load {

    private Load() {
    }

    /** Waits until the hub has posted at least this many events in its current life; false on timeout or exit. */
    static boolean awaitPosted(HubProcess hub, HubHttp http, long atLeast, Duration timeout) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() ->
                    !hub.isAlive() || http.counter("dock2ledger_events_posted_total").orElse(0) >= atLeast);
        } catch (ConditionTimeoutException e) {
            return false;
        }
        return hub.isAlive();
    }

    static long posted(HubHttp http) {
        return http.counter("dock2ledger_events_posted_total").orElse(-1);
    }
}
