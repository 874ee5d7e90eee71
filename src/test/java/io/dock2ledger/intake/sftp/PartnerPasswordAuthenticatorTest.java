package io.dock2ledger.intake.sftp;

import io.dock2ledger.security.FailedLoginThrottle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PartnerPasswordAuthenticatorTest {

    @TempDir
    Path tmp;

    private SftpHubFixture hub;
    private PartnerPasswordAuthenticator authenticator;

    @BeforeEach
    void registry() throws Exception {
        hub = new SftpHubFixture(tmp);
        authenticator = new PartnerPasswordAuthenticator(new SftpLogins(hub.registry),
                new FailedLoginThrottle("sftp", 10, Duration.ofMinutes(5), new SimpleMeterRegistry()));
    }

    @Test
    void bcryptHashAcceptsItsPasswordOnly() throws Exception {
        hub.partner("acme-3pl", null, "{bcrypt}" + new BCryptPasswordEncoder().encode("s3cret"), List.of());

        assertThat(authenticator.authenticate("acme-3pl", "s3cret", null)).isTrue();
        assertThat(authenticator.authenticate("acme-3pl", "S3cret", null)).isFalse();
        assertThat(authenticator.authenticate("acme-3pl", "", null)).isFalse();
    }

    @Test
    void htpasswdStyle2yHashIsAccepted() throws Exception {
        // From: htpasswd -bnBC 10 "" s3cret | tr -d ':\n'
        hub.partner("acme-3pl", null, "{bcrypt}$2y$10$5C5nmAHpJCuQg0tgeSblQeFBTpXj8DSqLiPKANso8sRoT.EDSrmYi", List.of());

        assertThat(authenticator.authenticate("acme-3pl", "s3cret", null)).isTrue();
    }

    @Test
    void plainTextOrUnprefixedPasswordsInTheRegistryNeverWork() throws Exception {
        hub.partner("noop-3pl", null, "{noop}s3cret", List.of())
                .partner("plain-3pl", null, "s3cret", List.of())
                .partner("unprefixed-3pl", null, new BCryptPasswordEncoder().encode("s3cret"), List.of());

        assertThat(authenticator.authenticate("noop-3pl", "s3cret", null)).isFalse();
        assertThat(authenticator.authenticate("plain-3pl", "s3cret", null)).isFalse();
        assertThat(authenticator.authenticate("unprefixed-3pl", "s3cret", null)).isFalse();
    }

    @Test
    void partnerWithKeysOnlyHasNoPasswordLogin() throws Exception {
        hub.partner("acme-3pl", null, null, List.of("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPpQse3//csNmaKE9NUceYek/4Ru5G++yAG3UDBdg/CH x"));

        assertThat(authenticator.authenticate("acme-3pl", "", null)).isFalse();
        assertThat(authenticator.authenticate("acme-3pl", "anything", null)).isFalse();
    }

    @Test
    void explicitUsernameReplacesThePartnerIdAsLogin() throws Exception {
        hub.partner("acme-3pl", "acme-ftp", "{bcrypt}" + new BCryptPasswordEncoder().encode("s3cret"), List.of());

        assertThat(authenticator.authenticate("acme-ftp", "s3cret", null)).isTrue();
        assertThat(authenticator.authenticate("acme-3pl", "s3cret", null)).isFalse();
    }

    @Test
    void usernameClaimedByTwoPartnersBelongsToNeither() throws Exception {
        String hash = "{bcrypt}" + new BCryptPasswordEncoder().encode("s3cret");
        hub.partner("acme-3pl", "shared", hash, List.of()).partner("wh-east", "shared", hash, List.of());

        assertThat(authenticator.authenticate("shared", "s3cret", null)).isFalse();
    }
}
