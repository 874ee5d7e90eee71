package io.dock2ledger.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.Optional;

/**
 * Failed logins counted per source (the HTTP door counts per client address, the SFTP door per address and login):
 * once a source has failed {@code limit} times within {@code window}, its credentials are not checked at all for one
 * window ({@link FailedLoginThrottleFilter} answers 429). Without it a guess
 * at the admin password cost nothing but a request, and each wrong guess costs the hub a bcrypt check (~0.1 s of a
 * core), so guessing was unlimited and twenty guesses a second took the machine from the posting (docs/security.md,
 * "Failed logins").
 * <p>
 * A login that succeeds does not clear the count: otherwise anyone with the viewer's password could go on guessing the
 * admin's between two good logins. A blocked source gets no check either way, so the answer tells nothing about a
 * password. Sources are only held while they fail: an entry goes two windows after its last failure, and at most
 * {@code 100,000} are held (the least recent go first).
 * <p>
 * One throttle a door ({@code http}, {@code sftp}), each counting on Prometheus what it saw, tagged with the door:
 * {@code dock2ledger.security.logins.failed} (wrong user names or passwords) and
 * {@code dock2ledger.security.logins.refused} (credentials not checked because their source was blocked).
 */
public final class FailedLoginThrottle {

    private static final int MAXIMUM_SOURCES = 100_000;

    /** Failures of one source in its current window; once they reach the limit, blocked until the time given. */
    private record Window(long startNanos, int failures, long blockedUntilNanos) {
    }

    private final int limit;
    private final long windowNanos;
    private final Ticker ticker;
    private final Cache<String, Window> sources;
    private final Counter failed;
    private final Counter refused;

    /** @param door where the logins come, the counters' {@code door} tag: {@code http} or {@code sftp} */
    public FailedLoginThrottle(String door, int limit, Duration window, MeterRegistry meters) {
        this(door, limit, window, meters, Ticker.systemTicker());
    }

    FailedLoginThrottle(String door, int limit, Duration window, MeterRegistry meters, Ticker ticker) {
        if (limit < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException(
                    "Failed logins need a limit of at least 1 and a window longer than zero: " + limit + ", " + window);
        }
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.ticker = ticker;
        this.sources = Caffeine.newBuilder().expireAfterWrite(window.multipliedBy(2))
                .maximumSize(MAXIMUM_SOURCES).ticker(ticker).build();
        this.failed = Counter.builder("dock2ledger.security.logins.failed").tag("door", door)
                .description("Logins refused for a wrong user name or password").register(meters);
        this.refused = Counter.builder("dock2ledger.security.logins.refused").tag("door", door)
                .description("Requests or logins whose credentials were not checked: their source failed too often")
                .register(meters);
    }

    /**
     * Counts a failed login from {@code source}; true when this failure is the one that blocks it. A null source is
     * counted and held against no one (a caller the door cannot tell apart, a name refused before any check).
     */
    public boolean failed(String source) {
        failed.increment();
        if (source == null) {
            return false;
        }
        long now = ticker.read();
        Window window = sources.asMap().compute(source, (key, current) -> {
            boolean expired = current == null || now - current.startNanos() >= windowNanos;
            Window open = expired ? new Window(now, 0, now) : current;
            int failures = open.failures() + 1;
            long blockedUntil = failures == limit ? now + windowNanos : open.blockedUntilNanos();
            return new Window(open.startNanos(), failures, blockedUntil);
        });
        return window.failures() == limit;
    }

    /**
     * How long {@code source} must wait before its credentials are checked again; empty when it need not (and for a
     * null source). A wait means the caller refuses the credentials unchecked, and is counted as such.
     */
    public Optional<Duration> retryAfter(String source) {
        Window window = source == null ? null : sources.getIfPresent(source);
        long wait = window == null || window.failures() < limit ? 0 : window.blockedUntilNanos() - ticker.read();
        if (wait <= 0) {
            return Optional.empty();
        }
        refused.increment();
        return Optional.of(Duration.ofNanos(wait));
    }

    public int limit() {
        return limit;
    }

    public Duration window() {
        return Duration.ofNanos(windowNanos);
    }
}
