package io.dock2ledger.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import org.springframework.security.crypto.password.PasswordEncoder;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The account password check, with the bcrypt check done once per password and hash for a while rather than on every
 * request. HTTP Basic carries the password on each call, and a bcrypt check at cost 10 is ~0.1 s of a core here: every
 * Prometheus scrape and every scripted API call paid it, so twenty calls a second took the whole 2-core machine
 * (docs/security.md, "The password check"). Spring Security's advice for Basic with adaptive hashes is to exchange the
 * password for a short-term credential; this is that exchange inside the hub, for the callers (Prometheus, scripts)
 * that cannot hold a session.
 * <p>
 * A password that matched its hash is remembered as an HMAC-SHA256 of password and hash under a key drawn at random
 * when the hub starts and never stored, for {@code ttl} after the check: the same password against the same hash
 * within that time matches without bcrypt. Nothing else is remembered: a wrong password is checked by bcrypt every
 * time (a guess costs what it cost before), a changed hash is a new key, and nothing derived from a password outlives
 * the process. A {@code ttl} of zero checks every request with bcrypt, as before.
 */
public final class RecentlyVerifiedPasswords implements PasswordEncoder {

    /** Far more than the hub's three accounts ever need; a bound, so that no caller can grow it without end. */
    private static final int MAXIMUM_ENTRIES = 1_000;

    private final PasswordEncoder delegate;
    private final Duration ttl;
    private final Ticker ticker;
    private final SecretKeySpec key;
    /** Null with a time to live of zero: nothing is remembered. */
    private final Cache<String, Boolean> verified;

    public RecentlyVerifiedPasswords(PasswordEncoder delegate, Duration ttl) {
        this(delegate, ttl, Ticker.systemTicker());
    }

    RecentlyVerifiedPasswords(PasswordEncoder delegate, Duration ttl, Ticker ticker) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("A verified password's time to live cannot be negative: " + ttl);
        }
        this.delegate = delegate;
        this.ttl = ttl;
        this.ticker = ticker;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.verified = ttl.isZero() ? null
                : Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(MAXIMUM_ENTRIES).ticker(ticker).build();
    }

    /** The same check with another encoder underneath (the tests' cheaper bcrypt), keeping this time to live. */
    public RecentlyVerifiedPasswords over(PasswordEncoder other) {
        return new RecentlyVerifiedPasswords(other, ttl, ticker);
    }

    Duration ttl() {
        return ttl;
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return delegate.encode(rawPassword);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || encodedPassword == null || verified == null) {
            return delegate.matches(rawPassword, encodedPassword);
        }
        String fingerprint = fingerprint(rawPassword, encodedPassword);
        if (verified.getIfPresent(fingerprint) != null) {
            return true;
        }
        boolean matches = delegate.matches(rawPassword, encodedPassword);
        if (matches) {
            verified.put(fingerprint, Boolean.TRUE);
        }
        return matches;
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return delegate.upgradeEncoding(encodedPassword);
    }

    private String fingerprint(CharSequence rawPassword, String encodedPassword) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            // The hash first: it never holds a zero byte, so the first zero ends it and no other pair maps here.
            mac.update(encodedPassword.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(rawPassword.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
