package io.dock2ledger.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Account passwords as configured (normally from {@code DOCK2LEDGER_*_PASSWORD}); blank means "not set".
 *
 * @param viewerPassword   password of the {@code viewer} account
 * @param operatorPassword password of the {@code operator} account
 * @param adminPassword    password of the {@code admin} account
 * @param verifiedPasswordTtl how long a password that passed its bcrypt check is taken without another
 *                            ({@link RecentlyVerifiedPasswords}); zero checks every request with bcrypt
 * @param failedLogins        how many wrong passwords a source (an address; on SFTP an address and login) may send
 *                            within a window before its credentials are refused for one window
 *                            ({@link FailedLoginThrottle})
 */
@ConfigurationProperties(prefix = "dock2ledger.security")
public record HubSecurityProperties(String viewerPassword, String operatorPassword, String adminPassword,
                                    @DefaultValue("5m") Duration verifiedPasswordTtl,
                                    @DefaultValue FailedLogins failedLogins) {

    /**
     * @param limit  wrong passwords from one source that block it
     * @param window the time they are counted in, and how long the block lasts
     */
    public record FailedLogins(@DefaultValue("10") int limit, @DefaultValue("5m") Duration window) {
    }

    public String configuredPassword(HubAccount account) {
        return switch (account) {
            case VIEWER -> viewerPassword;
            case OPERATOR -> operatorPassword;
            case ADMIN -> adminPassword;
        };
    }

    /** Never print passwords, not even in a debugger or a failure analysis. */
    @Override
    public String toString() {
        return "HubSecurityProperties[passwords hidden]";
    }
}
