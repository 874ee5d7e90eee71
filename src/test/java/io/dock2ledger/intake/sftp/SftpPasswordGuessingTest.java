package io.dock2ledger.intake.sftp;

import io.dock2ledger.security.FailedLoginThrottle;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A password guesser at the real SFTP server with a real SSH client: after the limit of wrong passwords for one login
 * from one address, that login's passwords from there are refused unchecked (the right one too), while the same login
 * from another address, and another login from the same address (every partner behind a TCP proxy), still get in.
 */
@ExtendWith(OutputCaptureExtension.class)
class SftpPasswordGuessingTest {

    private static final String PASSWORD = "the partner's own password";

    @TempDir
    Path tmp;

    private SftpHubFixture hub;
    private SshClient ssh;
    private int port;

    @BeforeEach
    void startHub() throws Exception {
        hub = new SftpHubFixture(Files.createDirectories(tmp.resolve("hub")));
        hub.partner("acme-3pl", null, "{bcrypt}" + new BCryptPasswordEncoder(4).encode(PASSWORD), List.of())
                .partner("wh-east", null, "{bcrypt}" + new BCryptPasswordEncoder(4).encode(PASSWORD), List.of());
        port = hub.start(new FailedLoginThrottle("sftp", 3, Duration.ofMinutes(5), hub.meters)).port();
        ssh = hub.sshClient();
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void threeWrongPasswordsBlockThatLoginFromThatAddressOnly(CapturedOutput output) throws Exception {
        for (int guess = 1; guess <= 3; guess++) {
            String wrong = "guess-" + guess;
            assertThatThrownBy(() -> login("acme-3pl", "127.0.0.1", wrong)).isInstanceOf(IOException.class);
        }
        assertThat(output).contains("SECURITY: 3 failed SFTP logins as 'acme-3pl' from 127.0.0.1 within PT5M");

        assertThatThrownBy(() -> login("acme-3pl", "127.0.0.1", PASSWORD)).isInstanceOf(IOException.class);
        assertThat(output).contains("SFTP login refused for user 'acme-3pl' from /127.0.0.1")
                .contains("too many failed logins from this address: passwords are not checked for another");

        assertThat(login("acme-3pl", "127.0.0.9", PASSWORD)).isTrue();
        assertThat(login("wh-east", "127.0.0.1", PASSWORD)).isTrue();
        assertThat(hub.meters.counter("dock2ledger.security.logins.failed", "door", "sftp").count()).isEqualTo(3);
        assertThat(hub.meters.counter("dock2ledger.security.logins.refused", "door", "sftp").count()).isEqualTo(1);
    }

    /** A login name no partner has, or one without a password, costs no bcrypt check and counts for nothing. */
    @Test
    void unknownLoginsAreRefusedWithoutCounting(CapturedOutput output) throws Exception {
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThatThrownBy(() -> login("nobody", "127.0.0.1", PASSWORD)).isInstanceOf(IOException.class);
        }

        assertThat(output).contains("no partner has this SFTP login").doesNotContain("SECURITY:");
        assertThat(login("acme-3pl", "127.0.0.1", PASSWORD)).isTrue();
        // Counted as the HTTP door counts a wrong user name, for the dashboard; never towards a block.
        assertThat(hub.meters.counter("dock2ledger.security.logins.failed", "door", "sftp").count()).isEqualTo(5);
    }

    /** One session as {@code user} from {@code source}, one password: true once in, an IOException when refused. */
    private boolean login(String user, String source, String password) throws IOException {
        try (ClientSession session = ssh.connect(user, new InetSocketAddress("127.0.0.1", port), null,
                new InetSocketAddress(source, 0)).verify(Duration.ofSeconds(10)).getSession()) {
            session.addPasswordIdentity(password);
            session.auth().verify(Duration.ofSeconds(10));
            return session.isAuthenticated();
        }
    }
}
