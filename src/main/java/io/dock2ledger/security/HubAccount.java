package io.dock2ledger.security;

/**
 * The built-in accounts: one per role, named after it, each with its password from one environment variable.
 *
 * <p>The development passwords exist so that {@code mvn spring-boot:run} works on a laptop without any setup;
 * the hub warns loudly when it uses one and the {@code prod} profile refuses them.
 */
public enum HubAccount {

    VIEWER(HubRole.VIEWER, "DOCK2LEDGER_VIEWER_PASSWORD", "dev-viewer"),
    OPERATOR(HubRole.OPERATOR, "DOCK2LEDGER_OPERATOR_PASSWORD", "dev-operator"),
    ADMIN(HubRole.ADMIN, "DOCK2LEDGER_ADMIN_PASSWORD", "dev-admin");

    private final HubRole role;
    private final String passwordVariable;
    private final String developmentPassword;

    HubAccount(HubRole role, String passwordVariable, String developmentPassword) {
        this.role = role;
        this.passwordVariable = passwordVariable;
        this.developmentPassword = developmentPassword;
    }

    public String username() {
        return role.roleName();
    }

    public HubRole role() {
        return role;
    }

    /** The environment variable that holds this account's password. */
    public String passwordVariable() {
        return passwordVariable;
    }

    /** The password used in the default (embedded) profile when the variable is not set. */
    public String developmentPassword() {
        return developmentPassword;
    }

    /** The Spring property the password is bound to, e.g. {@code dock2ledger.security.admin-password}. */
    public String passwordProperty() {
        return "dock2ledger.security." + username() + "-password";
    }

    public static boolean isDevelopmentPassword(String password) {
        for (HubAccount account : values()) {
            if (account.developmentPassword.equals(password)) {
                return true;
            }
        }
        return false;
    }
}
