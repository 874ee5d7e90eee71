package io.dock2ledger.posting.rules;

import java.util.Arrays;
import java.util.Optional;

/** What happens to an event whose business date falls in a closed fiscal period. */
public enum PeriodPolicyMode {
    /** Post on the first day of the next open period and mark the document period-adjusted. */
    ROLL_FORWARD("roll-forward"),
    /** Stop it as a CLOSED_PERIOD_HOLD exception for finance to approve. */
    HOLD("hold");

    private final String configName;

    PeriodPolicyMode(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    static Optional<PeriodPolicyMode> fromConfig(String name) {
        return Arrays.stream(values()).filter(m -> m.configName.equals(name)).findFirst();
    }
}
