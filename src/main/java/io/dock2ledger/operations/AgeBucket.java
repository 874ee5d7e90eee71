package io.dock2ledger.operations;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/** How long an exception has been open, in the buckets the workbench and the API filter by. */
public enum AgeBucket {
    UNDER_1H("under-1h", Duration.ZERO, Duration.ofHours(1)),
    HOURS("1h-24h", Duration.ofHours(1), Duration.ofHours(24)),
    DAYS("1d-7d", Duration.ofHours(24), Duration.ofDays(7)),
    OVER_7D("over-7d", Duration.ofDays(7), null);

    public static final String NAMES = "under-1h, 1h-24h, 1d-7d, over-7d";

    private final String label;
    private final Duration atLeast;
    private final Duration under;

    AgeBucket(String label, Duration atLeast, Duration under) {
        this.label = label;
        this.atLeast = atLeast;
        this.under = under;
    }

    public String label() {
        return label;
    }

    /** Raised before this instant: at least as old as the bucket's lower bound. */
    public Instant createdBefore(Instant now) {
        return atLeast.isZero() ? null : now.minus(atLeast);
    }

    /** Raised at or after this instant: younger than the bucket's upper bound. */
    public Instant createdAfter(Instant now) {
        return under == null ? null : now.minus(under);
    }

    public static AgeBucket of(Instant createdAt, Instant now) {
        Duration age = Duration.between(createdAt, now);
        for (AgeBucket bucket : values()) {
            if (bucket.under == null || age.compareTo(bucket.under) < 0) {
                return bucket;
            }
        }
        return OVER_7D;
    }

    /** The bucket of a label, or null for none; an unknown label is a bad request. */
    public static AgeBucket parse(String label) {
        if (label == null || label.isBlank()) {
            return null;
        }
        return Arrays.stream(values()).filter(b -> b.label.equals(label)).findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST, "age must be one of " + NAMES
                        + ", not " + label));
    }
}
