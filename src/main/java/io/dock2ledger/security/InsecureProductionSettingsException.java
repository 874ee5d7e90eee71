package io.dock2ledger.security;

import java.util.List;

/** The {@code prod} profile is active but its settings are missing or unsafe; the hub must not start. */
public class InsecureProductionSettingsException extends IllegalStateException {

    private final List<String> violations;

    public InsecureProductionSettingsException(List<String> violations) {
        super("Refusing to start with the prod profile: " + String.join("; ", violations)
                + ". Set these environment variables (passwords: at least "
                + ProductionSettingsCheck.MINIMUM_PASSWORD_LENGTH + " characters, not a development default); see docs/security.md.");
        this.violations = List.copyOf(violations);
    }

    public List<String> violations() {
        return violations;
    }
}
