package io.dock2ledger.security;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProductionSettingsCheckTest {

    private final Map<String, String> settings = new HashMap<>(Map.of(
            "dock2ledger.security.viewer-password", "viewer-Secret-2025",
            "dock2ledger.security.operator-password", "operator-Secret-2025",
            "dock2ledger.security.admin-password", "admin-Secret-2025!",
            "spring.datasource.url", "jdbc:postgresql://db:5432/dock2ledger",
            "spring.datasource.username", "dock2ledger",
            "spring.datasource.password", "db-secret",
            "spring.artemis.broker-url", "tcp://broker:61616",
            "spring.artemis.user", "hub",
            "spring.artemis.password", "broker-secret"));

    @Test
    void strongPasswordsAndCompleteConnectionSettingsAreAccepted() {
        assertThat(ProductionSettingsCheck.violations(settings::get)).isEmpty();
        ProductionSettingsCheck.enforce(settings::get);
    }

    @Test
    void missingAdminPasswordIsRefusedNamingTheVariable() {
        settings.remove("dock2ledger.security.admin-password");

        assertThat(ProductionSettingsCheck.violations(settings::get))
                .containsExactly("DOCK2LEDGER_ADMIN_PASSWORD is missing or blank");
    }

    @Test
    void blankPasswordIsRefused() {
        settings.put("dock2ledger.security.viewer-password", "   ");

        assertThat(ProductionSettingsCheck.violations(settings::get))
                .containsExactly("DOCK2LEDGER_VIEWER_PASSWORD is missing or blank");
    }

    @Test
    void passwordShorterThanTwelveCharactersIsRefused() {
        settings.put("dock2ledger.security.operator-password", "elevenchars");

        assertThat(ProductionSettingsCheck.violations(settings::get))
                .containsExactly("DOCK2LEDGER_OPERATOR_PASSWORD is shorter than 12 characters");
    }

    @Test
    void passwordOfExactlyTwelveCharactersIsAccepted() {
        settings.put("dock2ledger.security.operator-password", "twelve-chars");

        assertThat(ProductionSettingsCheck.violations(settings::get)).isEmpty();
    }

    @Test
    void anyDevelopmentDefaultIsRefusedForAnyAccount() {
        settings.put("dock2ledger.security.admin-password", "dev-admin");
        settings.put("dock2ledger.security.viewer-password", "dev-operator");

        assertThat(ProductionSettingsCheck.violations(settings::get)).containsExactly(
                "DOCK2LEDGER_VIEWER_PASSWORD equals a development default password",
                "DOCK2LEDGER_ADMIN_PASSWORD equals a development default password");
    }

    @Test
    void emptyDatabaseAndBrokerPasswordsAreRefused() {
        settings.put("spring.datasource.password", "");
        settings.remove("spring.artemis.password");

        assertThat(ProductionSettingsCheck.violations(settings::get)).containsExactly(
                "DOCK2LEDGER_DB_PASSWORD is missing or blank",
                "DOCK2LEDGER_BROKER_PASSWORD is missing or blank");
    }

    @Test
    void missingEndpointsAreRefused() {
        settings.remove("spring.datasource.url");
        settings.put("spring.artemis.broker-url", "");

        assertThat(ProductionSettingsCheck.violations(settings::get)).containsExactly(
                "DOCK2LEDGER_DB_URL is missing or blank",
                "DOCK2LEDGER_BROKER_URL is missing or blank");
    }

    @Test
    void nothingConfiguredReportsEveryVariableInOneMessage() {
        assertThatThrownBy(() -> ProductionSettingsCheck.enforce(name -> null))
                .isInstanceOf(InsecureProductionSettingsException.class)
                .hasMessageContainingAll(
                        "DOCK2LEDGER_VIEWER_PASSWORD", "DOCK2LEDGER_OPERATOR_PASSWORD", "DOCK2LEDGER_ADMIN_PASSWORD",
                        "DOCK2LEDGER_DB_URL", "DOCK2LEDGER_DB_USER", "DOCK2LEDGER_DB_PASSWORD",
                        "DOCK2LEDGER_BROKER_URL", "DOCK2LEDGER_BROKER_USER", "DOCK2LEDGER_BROKER_PASSWORD")
                .satisfies(e -> assertThat(((InsecureProductionSettingsException) e).violations()).hasSize(9));
    }
}
