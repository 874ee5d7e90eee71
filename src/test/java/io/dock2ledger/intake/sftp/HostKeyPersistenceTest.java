package io.dock2ledger.intake.sftp;

import io.dock2ledger.intake.sftp.OpenSshClient.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HostKeyPersistenceTest {

    @TempDir
    Path tmp;

    @Test
    void hostKeyIsTheSameAfterARestartSoKnownHostsStayValid() throws Exception {
        OpenSshClient.assumeInstalled();
        Path client = Files.createDirectories(tmp.resolve("client"));
        Path key = new OpenSshClient(client, null).newKey("acme_ed25519");
        String keyLineBefore;
        byte[] keyFileBefore;
        try (SftpHubFixture hub = new SftpHubFixture(tmp.resolve("hub"))) {
            hub.partner("acme-3pl", null, null, List.of(OpenSshClient.publicKeyOf(key))).start();
            keyLineBefore = hub.server().hostKeyLine();
            keyFileBefore = Files.readAllBytes(hub.hostKeyFile());
        }

        try (SftpHubFixture restarted = new SftpHubFixture(tmp.resolve("hub"))) {
            EmbeddedSftpServer server = restarted.start();
            assertThat(server.hostKeyLine()).isEqualTo(keyLineBefore);
            assertThat(Files.readAllBytes(restarted.hostKeyFile())).isEqualTo(keyFileBefore);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(restarted.hostKeyFile())))
                    .as("the private host key is readable by the hub's user only").isEqualTo("rw-------");

            // A client that trusted the key before the restart (strict checking) still logs in.
            Path knownHosts = tmp.resolve("known_hosts_from_before");
            Files.writeString(knownHosts, "[127.0.0.1]:" + server.port() + " " + keyLineBefore + "\n");
            Result login = new OpenSshClient(client, knownHosts).sftp("acme-3pl", key, server.port(), "pwd");
            assertThat(login.exitCode()).as(login.output()).isZero();
        }
    }

    @Test
    void sshKeygenPrintsTheSameFingerprintAsTheServerLogs() throws Exception {
        OpenSshClient.assumeInstalled();
        try (SftpHubFixture hub = new SftpHubFixture(tmp.resolve("hub"))) {
            EmbeddedSftpServer server = hub.start();
            Process keygen = new ProcessBuilder(OpenSshClient.SSH_KEYGEN.toString(), "-l", "-f",
                    hub.hostKeyFile().toString()).redirectErrorStream(true).start();
            String printed = new String(keygen.getInputStream().readAllBytes());

            assertThat(keygen.waitFor()).as(printed).isZero();
            assertThat(printed).contains(server.hostKeyFingerprint()).contains("(ECDSA)");
        }
    }
}
