package io.dock2ledger.security;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(OutputCaptureExtension.class)
class HubUsersConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(HubUsersConfiguration.class);

    @Test
    void configuredPasswordsAreStoredBcryptEncoded() {
        context.withPropertyValues(
                        "dock2ledger.security.viewer-password=viewer-Secret-2025",
                        "dock2ledger.security.operator-password=operator-Secret-2025",
                        "dock2ledger.security.admin-password=admin-Secret-2025")
                .run(ctx -> {
                    UserDetails admin = ctx.getBean(UserDetailsService.class).loadUserByUsername("admin");
                    assertThat(admin.getPassword()).startsWith("{bcrypt}").doesNotContain("admin-Secret-2025");
                    assertThat(ctx.getBean(PasswordEncoder.class).matches("admin-Secret-2025", admin.getPassword())).isTrue();
                });
    }

    /** The full-hub tests hash at cost 4 (support.TestPasswordHashes); the product's own encoder stays at bcrypt's 10. */
    @Test
    void productionHashesCostTen() {
        context.run(ctx -> {
            UserDetails admin = ctx.getBean(UserDetailsService.class).loadUserByUsername("admin");
            assertThat(admin.getPassword()).startsWith("{bcrypt}$2a$10$");
            assertThat(ctx.getBean(PasswordEncoder.class).encode("x")).startsWith("{bcrypt}$2a$10$");
        });
    }

    /** A verified password is taken without bcrypt for 5 minutes (RecentlyVerifiedPasswords); a site may say less. */
    @Test
    void aVerifiedPasswordIsRememberedForFiveMinutesUnlessTheSiteSaysOtherwise() {
        context.run(ctx -> assertThat(ctx.getBean(PasswordEncoder.class))
                .isInstanceOfSatisfying(RecentlyVerifiedPasswords.class,
                        encoder -> assertThat(encoder.ttl()).isEqualTo(Duration.ofMinutes(5))));
        context.withPropertyValues("dock2ledger.security.verified-password-ttl=0s")
                .run(ctx -> assertThat(((RecentlyVerifiedPasswords) ctx.getBean(PasswordEncoder.class)).ttl())
                        .isZero());
    }

    @Test
    void missingPasswordFallsBackToDevelopmentDefaultWithLoudWarning(CapturedOutput output) {
        context.withPropertyValues(
                        "dock2ledger.security.viewer-password=viewer-Secret-2025",
                        "dock2ledger.security.operator-password=operator-Secret-2025",
                        "dock2ledger.security.admin-password=")
                .run(ctx -> {
                    UserDetails admin = ctx.getBean(UserDetailsService.class).loadUserByUsername("admin");
                    assertThat(ctx.getBean(PasswordEncoder.class).matches("dev-admin", admin.getPassword())).isTrue();
                });

        assertThat(output).contains("WARN").contains("DOCK2LEDGER_ADMIN_PASSWORD is not set").contains("dev-admin");
        assertThat(output).doesNotContain("DOCK2LEDGER_VIEWER_PASSWORD is not set");
    }

    /**
     * bcrypt at cost 10 is ~0.1-0.2 s of CPU a hash: three of them at start were ~7 % of the start's main thread, so
     * an account's password is hashed on its first login. Once only, and the user handed out is a copy: the
     * authentication manager erases the credentials of the one it gets.
     */
    @Test
    void passwordsAreHashedOnFirstLoginNotAtStart() {
        AtomicInteger hashes = new AtomicInteger();
        PasswordEncoder delegate = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        BeanPostProcessor countingHashes = new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return !"passwordEncoder".equals(beanName) ? bean : new PasswordEncoder() {
                    @Override
                    public String encode(CharSequence raw) {
                        hashes.incrementAndGet();
                        return delegate.encode(raw);
                    }

                    @Override
                    public boolean matches(CharSequence raw, String encoded) {
                        return delegate.matches(raw, encoded);
                    }
                };
            }
        };
        context.withBean(BeanPostProcessor.class, () -> countingHashes)
                .withPropertyValues("dock2ledger.security.admin-password=admin-Secret-2025")
                .run(ctx -> {
                    UserDetailsService users = ctx.getBean(UserDetailsService.class);
                    assertThat(hashes).hasValue(0);

                    UserDetails first = users.loadUserByUsername("admin");
                    assertThat(hashes).hasValue(1);
                    ((CredentialsContainer) first).eraseCredentials();
                    UserDetails second = users.loadUserByUsername("admin");
                    assertThat(hashes).hasValue(1);
                    assertThat(delegate.matches("admin-Secret-2025", second.getPassword())).isTrue();
                    assertThatThrownBy(() -> users.loadUserByUsername("nobody"))
                            .isInstanceOf(UsernameNotFoundException.class);
                });
    }

    @Test
    void eachAccountHoldsItsRoleAndEveryWeakerOne() {
        context.run(ctx -> {
            UserDetailsService users = ctx.getBean(UserDetailsService.class);
            assertThat(authorities(users.loadUserByUsername("viewer"))).containsExactly("ROLE_viewer");
            assertThat(authorities(users.loadUserByUsername("operator"))).containsExactlyInAnyOrder("ROLE_viewer", "ROLE_operator");
            assertThat(authorities(users.loadUserByUsername("admin")))
                    .containsExactlyInAnyOrder("ROLE_viewer", "ROLE_operator", "ROLE_admin");
        });
    }

    private static java.util.List<String> authorities(UserDetails user) {
        return user.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
    }
}
