package io.dock2ledger.partners;

import org.springframework.boot.convert.DurationStyle;

import java.time.Duration;
import java.util.Set;

/**
 * A document the hub sends a partner, declared under {@code outbound:} in its registry file.
 *
 * @param type       the transaction set; the hub writes X12 940 (warehouse shipping order) today
 * @param ackWithin  how long the partner has to send its 997 / 999 before the document is OVERDUE, e.g. {@code 4h},
 *                   {@code 30m}, {@code PT2H}; default 4h
 * @param requestTa1 ISA14 = 1: ask the partner for a TA1 interchange acknowledgment too (default false)
 */
public record OutboundDocumentType(String type, String ackWithin, Boolean requestTa1) {

    /** The transaction sets the hub can write. */
    public static final Set<String> SUPPORTED = Set.of("940");
    public static final Duration DEFAULT_ACK_WITHIN = Duration.ofHours(4);

    public OutboundDocumentType {
        if (type == null || !SUPPORTED.contains(type.strip())) {
            throw new IllegalArgumentException("outbound type '" + type + "' is not one the hub writes; it writes "
                    + SUPPORTED);
        }
        type = type.strip();
        acknowledgmentWindow(ackWithin);
    }

    public Duration acknowledgmentWindow() {
        return acknowledgmentWindow(ackWithin);
    }

    public boolean wantsTa1() {
        return requestTa1 != null && requestTa1;
    }

    private static Duration acknowledgmentWindow(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_ACK_WITHIN;
        }
        Duration window;
        try {
            window = DurationStyle.detectAndParse(value.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ackWithin '" + value + "' is not a duration such as 4h, 30m or PT2H");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("ackWithin '" + value + "' must be longer than zero");
        }
        return window;
    }
}
