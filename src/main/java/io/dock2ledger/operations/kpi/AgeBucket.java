package io.dock2ledger.operations.kpi;

import java.time.Duration;

/** How long an exception has been open, in the buckets the dashboard and the workbench show. */
public enum AgeBucket {
    UNDER_1H("lt-1h", Duration.ofHours(1)),
    H1_TO_4H("1h-4h", Duration.ofHours(4)),
    H4_TO_24H("4h-24h", Duration.ofHours(24)),
    D1_TO_3D("1d-3d", Duration.ofDays(3)),
    D3_TO_7D("3d-7d", Duration.ofDays(7)),
    OVER_7D("gt-7d", null);

    private final String label;
    private final Duration below;

    AgeBucket(String label, Duration below) {
        this.label = label;
        this.below = below;
    }

    public String label() {
        return label;
    }

    public static AgeBucket of(Duration age) {
        for (AgeBucket bucket : values()) {
            if (bucket.below == null || age.compareTo(bucket.below) < 0) {
                return bucket;
            }
        }
        return OVER_7D;
    }
}
