package io.dock2ledger.security;

import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecentlyVerifiedPasswordsTest {

    private final CountingBcrypt bcrypt = new CountingBcrypt();
    private final AtomicLong nanos = new AtomicLong();
    private final Ticker clock = nanos::get;
    private final RecentlyVerifiedPasswords passwords =
            new RecentlyVerifiedPasswords(bcrypt, Duration.ofMinutes(5), clock);
    private final String hash = bcrypt.encode("operator-Secret-2025");

    @Test
    void aPasswordThatMatchedItsHashIsNotCheckedByBcryptAgainWithinItsTime() {
        assertThat(passwords.matches("operator-Secret-2025", hash)).isTrue();
        nanos.addAndGet(Duration.ofMinutes(4).toNanos());
        assertThat(passwords.matches("operator-Secret-2025", hash)).isTrue();
        assertThat(passwords.matches("operator-Secret-2025", hash)).isTrue();

        assertThat(bcrypt.checks).hasValue(1);
    }

    @Test
    void aWrongPasswordIsCheckedByBcryptEveryTimeAndNeverMatches() {
        assertThat(passwords.matches("operator-Secret-2025", hash)).isTrue();

        assertThat(passwords.matches("operator-Secret-2026", hash)).isFalse();
        assertThat(passwords.matches("operator-Secret-2026", hash)).isFalse();
        assertThat(passwords.matches("", hash)).isFalse();

        assertThat(bcrypt.checks).hasValue(4);
    }

    @Test
    void aVerifiedPasswordIsCheckedByBcryptAgainOnceItsTimeIsOver() {
        assertThat(passwords.matches("operator-Secret-2025", hash)).isTrue();
        nanos.addAndGet(Duration.ofMinutes(5).plusSeconds(1).toNanos());

        assertThat(passwords.matches("operator-Secret-2025", hash)).isTrue();

        assertThat(bcrypt.checks).hasValue(2);
    }

    /** An account whose hash changed (a new password at a restart, another account) is a new check, never a hit. */
    @Test
    void thePasswordOfOneHashIsNotTakenForAnother() {
        String otherHash = bcrypt.encode("admin-Secret-2025");
        assertThat(passwords.matches("operator-Secret-2025", hash)).isTrue();

        assertThat(passwords.matches("operator-Secret-2025", otherHash)).isFalse();
        assertThat(passwords.matches("admin-Secret-2025", otherHash)).isTrue();
        assertThat(passwords.matches("admin-Secret-2025", hash)).isFalse();

        assertThat(bcrypt.checks).hasValue(4);
    }

    @Test
    void aTimeOfZeroChecksEveryRequestWithBcrypt() {
        RecentlyVerifiedPasswords everyTime = new RecentlyVerifiedPasswords(bcrypt, Duration.ZERO, clock);

        assertThat(everyTime.matches("operator-Secret-2025", hash)).isTrue();
        assertThat(everyTime.matches("operator-Secret-2025", hash)).isTrue();

        assertThat(bcrypt.checks).hasValue(2);
        assertThatThrownBy(() -> new RecentlyVerifiedPasswords(bcrypt, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }

    @Test
    void hashesAreTheEncodersOwn() {
        assertThat(passwords.encode("x")).startsWith("{bcrypt}$2a$04$");
        assertThat(passwords.over(bcrypt).ttl()).isEqualTo(Duration.ofMinutes(5));
    }

    /** bcrypt at its lowest cost, counting its checks. */
    private static final class CountingBcrypt implements PasswordEncoder {
        final AtomicInteger checks = new AtomicInteger();
        private final PasswordEncoder bcrypt =
                new DelegatingPasswordEncoder("bcrypt", Map.of("bcrypt", new BCryptPasswordEncoder(4)));

        @Override
        public String encode(CharSequence raw) {
            return bcrypt.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            checks.incrementAndGet();
            return bcrypt.matches(raw, encoded);
        }
    }
}
