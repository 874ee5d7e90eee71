package io.dock2ledger.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the {@code prod} profile requires before the hub may start: every endpoint and secret supplied by its
 * environment variable, account passwords strong and not a development default. Plain Java, so every rule is unit
 * tested without Spring; {@link ProductionSettingsGuard} applies it at startup.
 */
public final class ProductionSettingsCheck {

    public static final int MINIMUM_PASSWORD_LENGTH = 12;

    /** A setting that production takes from one environment variable, through the Spring property it is bound to. */
    record RequiredSetting(String property, String environmentVariable) {
    }

    static final List<RequiredSetting> CONNECTION_SETTINGS = List.of(
            new RequiredSetting("spring.datasource.url", "DOCK2LEDGER_DB_URL"),
            new RequiredSetting("spring.datasource.username", "DOCK2LEDGER_DB_USER"),
            new RequiredSetting("spring.datasource.password", "DOCK2LEDGER_DB_PASSWORD"),
            new RequiredSetting("spring.artemis.broker-url", "DOCK2LEDGER_BROKER_URL"),
            new RequiredSetting("spring.artemis.user", "DOCK2LEDGER_BROKER_USER"),
            new RequiredSetting("spring.artemis.password", "DOCK2LEDGER_BROKER_PASSWORD"));

    private ProductionSettingsCheck() {
    }

    /**
     * @param property resolves a Spring property to its value, {@code null} when absent
     * @return one readable sentence per problem, naming the environment variable to fix; empty when all is well
     */
    public static List<String> violations(Function<String, String> property) {
        List<String> violations = new ArrayList<>();
        for (HubAccount account : HubAccount.values()) {
            accountPasswordViolation(account, property.apply(account.passwordProperty())).ifPresent(violations::add);
        }
        for (RequiredSetting setting : CONNECTION_SETTINGS) {
            if (isBlank(property.apply(setting.property()))) {
                violations.add(setting.environmentVariable() + " is missing or blank");
            }
        }
        return List.copyOf(violations);
    }

    /** Throws, listing every problem at once so an operator fixes them in one round trip. */
    public static void enforce(Function<String, String> property) {
        List<String> violations = violations(property);
        if (!violations.isEmpty()) {
            throw new InsecureProductionSettingsException(violations);
        }
    }

    static Optional<String> accountPasswordViolation(HubAccount account, String password) {
        String variable = account.passwordVariable();
        if (isBlank(password)) {
            return Optional.of(variable + " is missing or blank");
        }
        if (HubAccount.isDevelopmentPassword(password.strip())) {
            return Optional.of(variable + " equals a development default password");
        }
        if (password.length() < MINIMUM_PASSWORD_LENGTH) {
            return Optional.of(variable + " is shorter than " + MINIMUM_PASSWORD_LENGTH + " characters");
        }
        return Optional.empty();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
