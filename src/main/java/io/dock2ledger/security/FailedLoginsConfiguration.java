package io.dock2ledger.security;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Wrong passwords, counted per address from Spring Security's own failure events (HTTP Basic and the login form both
 * publish them), and the WARN line an operator sees when an address is blocked (docs/security.md, "Failed logins").
 */
@Configuration(proxyBeanMethods = false)
public class FailedLoginsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(FailedLoginsConfiguration.class);

    @Bean
    FailedLoginThrottle failedLoginThrottle(HubSecurityProperties properties, MeterRegistry meters) {
        HubSecurityProperties.FailedLogins failedLogins = properties.failedLogins();
        return new FailedLoginThrottle("http", failedLogins.limit(), failedLogins.window(), meters);
    }

    @Bean
    ApplicationListener<AuthenticationFailureBadCredentialsEvent> failedLoginCounter(FailedLoginThrottle throttle) {
        return event -> {
            String address = event.getAuthentication().getDetails() instanceof WebAuthenticationDetails details
                    ? details.getRemoteAddress() : null;
            if (throttle.failed(address)) {
                // Not the user name: people type their password there, and it is the caller's text.
                log.warn("SECURITY: {} failed logins from {} within {}: its credentials are not checked for {} "
                        + "(HTTP 429)", throttle.limit(), address, throttle.window(), throttle.window());
            }
        };
    }
}
