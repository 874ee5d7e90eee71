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
import org.springframework.security.core.userdetails.UsernameNotFoundException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The three accounts, their passwords encoded (bcrypt through the delegating encoder, so hashes say {@code {bcrypt}}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HubSecurityProperties.class)
public class HubUsersConfiguration {

    private static final Logger log = LoggerFactory.getLogger(HubUsersConfiguration.class);

    /** bcrypt through the delegating encoder, each password's check remembered for a while (docs/security.md). */
    @Bean
    PasswordEncoder passwordEncoder(HubSecurityProperties properties) {
        return new RecentlyVerifiedPasswords(PasswordEncoderFactories.createDelegatingPasswordEncoder(),
                properties.verifiedPasswordTtl());
    }

    /**
     * Each account's password is hashed on its first login, not at start: three bcrypt hashes at cost 10 were ~7 % of
     * the start's main-thread samples, before health UP, for logins that may come much later (docs/performance.md,
     * "Issue 10, fifth pass: start-up"). The passwords (and their development-default warnings) are read at start.
     */
    @Bean
    UserDetailsService hubUsers(HubSecurityProperties properties, PasswordEncoder passwordEncoder) {
        Map<String, Supplier<UserDetails>> users = new LinkedHashMap<>();
        for (HubAccount account : HubAccount.values()) {
            String password = passwordOrDevelopmentDefault(account, properties);
            users.put(account.username(), hashedOnFirstUse(() -> user(account, password, passwordEncoder)));
        }
        return username -> {
            Supplier<UserDetails> user = users.get(username);
            if (user == null) {
                throw new UsernameNotFoundException(username);
            }
            // A copy each time, as InMemoryUserDetailsManager gives: the authentication manager erases the
            // credentials of the one it gets back.
            return User.withUserDetails(user.get()).build();
        };
    }

    private static Supplier<UserDetails> hashedOnFirstUse(Supplier<UserDetails> user) {
        return new Supplier<>() {
            private UserDetails hashed;

            @Override
            public synchronized UserDetails get() {
                if (hashed == null) {
                    hashed = user.get();
                }
                return hashed;
            }
        };
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
