package io.dock2ledger.intake.sftp;

import io.dock2ledger.security.FailedLoginThrottle;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SFTP server behind a TCP proxy that sends the PROXY protocol (dock2ledger.sftp.proxy-protocol), with a real SSH
 * client that starts each connection with the line, as HAProxy's send-proxy does: every connection comes from
 * 127.0.0.1, yet each partner is known, logged and counted by the address the line names; a connection without the
 * line is refused.
 */
@ExtendWith(OutputCaptureExtension.class)
class SftpBehindProxyTest {

    private static final String PASSWORD = "the partner's own password";

    @TempDir
    Path tmp;

    private SftpHubFixture hub;
    private SshClient ssh;
    private int port;

    @BeforeEach
    void startHubBehindAProxy() throws Exception {
        hub = new SftpHubFixture(Files.createDirectories(tmp.resolve("hub")));
        hub.partner("acme-3pl", null, "{bcrypt}" + new BCryptPasswordEncoder(4).encode(PASSWORD), List.of());
        port = hub.start(new FailedLoginThrottle("sftp", 3, Duration.ofMinutes(5), hub.meters), true).port();
        ssh = hub.sshClient();
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void eachPartnerIsKnownByTheAddressTheProxyNames(CapturedOutput output) throws Exception {
        assertThat(login("PROXY TCP4 203.0.113.7 10.0.0.2 52144 2222\r\n", PASSWORD)).isTrue();

        for (int guess = 1; guess <= 3; guess++) {
            String wrong = "guess-" + guess;
            assertThatThrownBy(() -> login("PROXY TCP4 198.51.100.66 10.0.0.2 40000 2222\r\n", wrong))
                    .isInstanceOf(IOException.class);
        }
        assertThat(output).contains("SFTP login refused for user 'acme-3pl' from /198.51.100.66:40000: wrong password")
                .contains("SECURITY: 3 failed SFTP logins as 'acme-3pl' from 198.51.100.66 within PT5M");

        assertThatThrownBy(() -> login("PROXY TCP4 198.51.100.66 10.0.0.2 40001 2222\r\n", PASSWORD))
                .isInstanceOf(IOException.class);
        assertThat(login("PROXY TCP4 203.0.113.7 10.0.0.2 52150 2222\r\n", PASSWORD)).isTrue();
    }

    @Test
    void aConnectionWithoutTheLineOrWithANameInItIsRefused(CapturedOutput output) {
        assertThatThrownBy(() -> login(null, PASSWORD)).isInstanceOf(IOException.class);
        assertThat(output).contains("refused: it did not start with a PROXY protocol line");

        assertThatThrownBy(() -> login("PROXY TCP4 partner.example 10.0.0.2 52144 2222\r\n", PASSWORD))
                .isInstanceOf(IOException.class);
        assertThat(output).contains("refused: its PROXY protocol line is not valid (the addresses are not numeric");
    }

    /** One session that starts with {@code proxyLine} (none when null), one password: true once in. */
    private boolean login(String proxyLine, String password) throws IOException {
        ssh.setClientProxyConnector(proxyLine == null ? null : session -> session.getIoSession()
                .writeBuffer(new ByteArrayBuffer(proxyLine.getBytes(StandardCharsets.US_ASCII)))
                .verify(Duration.ofSeconds(10)));
        try (ClientSession session = ssh.connect("acme-3pl", "127.0.0.1", port).verify(Duration.ofSeconds(10))
                .getSession()) {
            session.addPasswordIdentity(password);
            session.auth().verify(Duration.ofSeconds(10));
            return session.isAuthenticated();
        }
    }
}
