package io.dock2ledger.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import java.util.Arrays;

/** The three accounts, their passwords encoded (bcrypt through the delegating encoder, so hashes say {@code {bcrypt}}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HubSecurityProperties.class)
public class HubUsersConfiguration {

    private static final Logger log = LoggerFactory.getLogger(HubUsersConfiguration.class);

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService hubUsers(HubSecurityProperties properties, PasswordEncoder passwordEncoder) {
        UserDetails[] users = Arrays.stream(HubAccount.values())
                .map(account -> user(account, passwordOrDevelopmentDefault(account, properties), passwordEncoder))
                .toArray(UserDetails[]::new);
        return new InMemoryUserDetailsManager(users);
    }

    private static UserDetails user(HubAccount account, String password, PasswordEncoder passwordEncoder) {
        return User.withUsername(account.username())
                .password(passwordEncoder.encode(password))
                .roles(account.role().withIncludedRoles().stream().map(HubRole::roleName).toArray(String[]::new))
                .build();
    }

    /**
     * Outside {@code prod} a missing password falls back to the documented development password, loudly; under
     * {@code prod} {@link ProductionSettingsGuard} has already refused to start before this runs.
     */
    private static String passwordOrDevelopmentDefault(HubAccount account, HubSecurityProperties properties) {
        String configured = properties.configuredPassword(account);
        if (configured != null && !configured.isBlank()) {
            if (HubAccount.isDevelopmentPassword(configured)) {
                log.warn("SECURITY: account '{}' uses a development password. Set {} to a strong secret before exposing this hub.",
                        account.username(), account.passwordVariable());
            }
            return configured;
        }
        log.warn("SECURITY: {} is not set; account '{}' uses the DEVELOPMENT password '{}'. Anyone who reads the docs can log in. "
                        + "Never run like this outside a laptop (the prod profile refuses to start).",
                account.passwordVariable(), account.username(), account.developmentPassword());
        return account.developmentPassword();
    }
}
