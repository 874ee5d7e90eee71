package io.dock2ledger.intake.sftp;

import io.dock2ledger.intake.HostileFileNames;
import io.dock2ledger.intake.sftp.OpenSshClient.Result;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Names a partner may not use are refused at upload and at rename, with the reason in the SFTP status message, so
 * such a file never reaches the inbox (finding 5: {@code inbox/shipments_a\nb.csv} was accepted and then stuck).
 */
class HostileFileNamesSftpTest {

    private static final String PASSWORD = "hostile names are refused";

    @TempDir
    Path tmp;

    private SftpHubFixture hub;
    private SshClient ssh;
    private ClientSession session;
    private SftpClient sftp;
    private Path inbox;

    @BeforeEach
    void startHub() throws Exception {
        hub = new SftpHubFixture(Files.createDirectories(tmp.resolve("hub")));
        Path client = Files.createDirectories(tmp.resolve("client"));
        Path key = null;
        if (Files.isExecutable(OpenSshClient.SSH_KEYGEN)) {
            key = new OpenSshClient(client, null).newKey("acme_ed25519");
        }
        hub.partner("acme-3pl", null, "{bcrypt}" + new BCryptPasswordEncoder().encode(PASSWORD),
                key == null ? List.of() : List.of(OpenSshClient.publicKeyOf(key)));
        hub.start();
        inbox = hub.partnerFolder("acme-3pl").resolve("inbox");
        ssh = hub.sshClient();
        session = ssh.connect("acme-3pl", "127.0.0.1", hub.server().port()).verify(Duration.ofSeconds(10))
                .getSession();
        session.addPasswordIdentity(PASSWORD);
        session.auth().verify(Duration.ofSeconds(10));
        sftp = SftpClientFactory.instance().createSftpClient(session);
    }

    @AfterEach
    void stop() throws IOException {
        if (sftp != null) {
            sftp.close();
        }
        if (session != null) {
            session.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    /** Finding 5 with the partner's own tool: OpenSSH sftp, upload as .part and rename to the backslash name. */
    @Test
    void openSshRenameToABackslashNameIsRefusedAndTheUploadStaysATemporary() throws Exception {
        OpenSshClient.assumeInstalled();
        Path client = tmp.resolve("client");
        Files.writeString(client.resolve("shipments.csv"), "shipment_id,sku\nS1,A\n");
        OpenSshClient openssh = new OpenSshClient(client, hub.knownHosts());

        Result upload = openssh.sftp("acme-3pl", client.resolve("acme_ed25519"), hub.server().port(),
                "put shipments.csv inbox/shipments_a.csv.part",
                "rename inbox/shipments_a.csv.part 'inbox/shipments_a\\nb.csv'");
        Result put = openssh.sftp("acme-3pl", client.resolve("acme_ed25519"), hub.server().port(),
                "put shipments.csv 'inbox/shipments_c\\nd.csv'");

        assertThat(upload.exitCode()).as(upload.output()).isNotZero();
        assertThat(upload.output()).containsIgnoringCase("permission denied");
        assertThat(put.exitCode()).as(put.output()).isNotZero();
        assertThat(names()).containsExactly("shipments_a.csv.part");
    }

    @TestFactory
    Stream<DynamicTest> everyHostileNameIsRefusedAtUploadWithTheReason() {
        return HostileFileNames.all().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            assertThatThrownBy(() -> upload("/inbox/" + e.getValue()))
                    .isInstanceOf(SftpException.class)
                    .hasMessageContaining("Permission denied: file name refused: the file name");
            assertThat(names()).isEmpty();
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyHostileNameIsRefusedAtRenameWithTheReason() {
        return HostileFileNames.all().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            upload("/inbox/upload.csv.part");
            assertThatThrownBy(() -> sftp.rename("/inbox/upload.csv.part", "/inbox/" + e.getValue()))
                    .isInstanceOf(SftpException.class)
                    .hasMessageContaining("file name refused");
            assertThat(names()).containsExactly("upload.csv.part");
            sftp.remove("/inbox/upload.csv.part");
        }));
    }

    @Test
    void ordinaryNamesAndHiddenTemporariesAreStillAccepted() throws Exception {
        upload("/inbox/.shipments_9.csv.part");
        sftp.rename("/inbox/.shipments_9.csv.part", "/inbox/shipments_9.csv");
        upload("/inbox/945_SHP-9002.x12");

        assertThat(names()).containsExactlyInAnyOrder("shipments_9.csv", "945_SHP-9002.x12");
    }

    private void upload(String path) throws IOException {
        try (OutputStream out = sftp.write(path)) {
            out.write("shipment_id,sku\nS1,A\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(inbox)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
