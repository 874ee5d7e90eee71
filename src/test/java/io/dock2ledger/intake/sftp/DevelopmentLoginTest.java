package io.dock2ledger.intake.sftp;

import io.dock2ledger.intake.sftp.OpenSshClient.Result;
import io.dock2ledger.security.FailedLoginThrottle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed development login of acme-3pl (config/dev-keys/README.md) works as documented. */
class DevelopmentLoginTest {

    @TempDir
    Path tmp;

    @Test
    void committedDevKeyAndPasswordLogAcmeIntoItsInbox() throws Exception {
        OpenSshClient.assumeInstalled();
        Path client = Files.createDirectories(tmp.resolve("client"));
        // The private key as a user has it after `chmod 600` (git checks it out readable by all).
        Path devKey = Files.copy(Path.of("config/dev-keys/acme-3pl_ed25519"), client.resolve("acme-3pl_ed25519"));
        Files.setPosixFilePermissions(devKey, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(client.resolve("shipments_demo.csv"), "shipment_id,sku\n");

        try (SftpHubFixture hub = new SftpHubFixture(tmp.resolve("hub"))) {
            Files.copy(Path.of("config/partners/acme-3pl.yaml"), hub.partnersConfig.resolve("acme-3pl.yaml"));
            int port = hub.start().port();

            Result upload = new OpenSshClient(client, hub.knownHosts()).sftp("acme-3pl", devKey, port,
                    "put shipments_demo.csv inbox/shipments_demo.csv.part",
                    "rename inbox/shipments_demo.csv.part inbox/shipments_demo.csv");

            assertThat(upload.exitCode()).as(upload.output()).isZero();
            assertThat(hub.partnerFolder("acme-3pl").resolve("inbox/shipments_demo.csv")).exists();
            assertThat(new PartnerPasswordAuthenticator(new SftpLogins(hub.registry),
                    new FailedLoginThrottle("sftp", 10, Duration.ofMinutes(5), new SimpleMeterRegistry()))
                    .authenticate("acme-3pl", "acme-dev-password", null)).isTrue();
        }
    }
}
