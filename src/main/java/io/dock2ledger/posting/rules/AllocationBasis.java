package io.dock2ledger.posting.rules;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a landed-cost charge is spread over the lines of its receipt. */
public enum AllocationBasis {
    /** base quantity x item weight */
    WEIGHT,
    /** receipt line value at PO cost */
    VALUE,
    /** base quantity */
    QUANTITY;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<AllocationBasis> fromConfig(String name) {
        return Arrays.stream(values()).filter(b -> b.configName().equals(name)).findFirst();
    }
}
