package io.dock2ledger.security;

import io.dock2ledger.faultinjection.HubHttp;
import io.dock2ledger.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A password guesser against the real hub, over real connections: after ten wrong passwords from one address, that
 * address's credentials are refused with 429 unchecked, the right password included, while other addresses and
 * anonymous pages go on as before. The guesser sends from a loopback address of its own (127.0.0.7), so the block
 * it earns never reaches the other tests of this shared hub, which call from 127.0.0.1.
 */
@ExtendWith(OutputCaptureExtension.class)
class FailedLoginThrottleIT extends HubIntegrationTest {

    private static final String GUESSER = "127.0.0.7";

    @Test
    void tenWrongPasswordsFromOneAddressBlockItsCredentialsAndNoOneElses(CapturedOutput output) throws IOException {
        for (int guess = 1; guess <= 10; guess++) {
            assertThat(getFrom(GUESSER, "/api/v1/exceptions", HttpProbe.basic("admin", "guess-" + guess)))
                    .startsWith("HTTP/1.1 401");
        }

        String refused = getFrom(GUESSER, "/api/v1/exceptions", HttpProbe.basic("admin", ADMIN_PASSWORD));
        assertThat(refused).startsWith("HTTP/1.1 429").containsPattern("(?i)Retry-After: (300|29\\d|2\\d\\d)\r\n")
                .contains("Too many failed logins from this address");
        assertThat(getFrom(GUESSER, "/actuator/health", null)).startsWith("HTTP/1.1 200");
        assertThat(get("/api/v1/exceptions", "admin", ADMIN_PASSWORD).statusCode()).isEqualTo(200);

        assertThat(output).contains("SECURITY: 10 failed logins from " + GUESSER + " within PT5M");
        String metrics = hubClient().get("/actuator/prometheus", "admin", ADMIN_PASSWORD).body();
        assertThat(HubHttp.sum(metrics, "dock2ledger_security_logins_failed_total", "")).isGreaterThanOrEqualTo(10);
        assertThat(HubHttp.sum(metrics, "dock2ledger_security_logins_refused_total", "")).isGreaterThanOrEqualTo(1);
    }

    /** A GET sent from {@code source} (java.net.http cannot choose its local address on Java 17): the whole answer. */
    private String getFrom(String source, String path, String authorization) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
