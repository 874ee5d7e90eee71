package io.dock2ledger.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

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
 */
public final class FailedLoginThrottle {

    private static final int MAXIMUM_ADDRESSES = 100_000;

    /** Failures of one source in its current window, and whether and until when it is blocked. */
    private record Window(long startNanos, int failures, boolean blocked, long blockedUntilNanos) {
    }

    private final int limit;
    private final long windowNanos;
    private final Ticker ticker;
    private final Cache<String, Window> sources;

    public FailedLoginThrottle(int limit, Duration window) {
        this(limit, window, Ticker.systemTicker());
    }

    FailedLoginThrottle(int limit, Duration window, Ticker ticker) {
        if (limit < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException(
                    "Failed logins need a limit of at least 1 and a window longer than zero: " + limit + ", " + window);
        }
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.ticker = ticker;
        this.sources = Caffeine.newBuilder().expireAfterWrite(window.multipliedBy(2))
                .maximumSize(MAXIMUM_ADDRESSES).ticker(ticker).build();
    }

    /** Counts a failed login from {@code source}; true when this failure is the one that blocks it. */
    public boolean failed(String source) {
        long now = ticker.read();
        AtomicBoolean blocks = new AtomicBoolean();
        sources.asMap().compute(source, (key, window) -> {
            if (window == null || now - window.startNanos() >= windowNanos) {
                window = new Window(now, 0, false, 0);
            }
            int failures = window.failures() + 1;
            boolean blockedNow = failures >= limit && !window.blocked();
            blocks.set(blockedNow);
            return blockedNow ? new Window(window.startNanos(), failures, true, now + windowNanos)
                    : new Window(window.startNanos(), failures, window.blocked(), window.blockedUntilNanos());
        });
        return blocks.get();
    }

    /** How long {@code source} must wait before its credentials are checked again; empty when it need not. */
    public Optional<Duration> retryAfter(String source) {
        Window window = sources.getIfPresent(source);
        long now = ticker.read();
        if (window == null || !window.blocked() || window.blockedUntilNanos() - now <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(window.blockedUntilNanos() - now));
    }

    public int limit() {
        return limit;
    }

    public Duration window() {
        return Duration.ofNanos(windowNanos);
    }
}
