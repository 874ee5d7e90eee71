package io.dock2ledger.intake.sftp;

import io.dock2ledger.intake.sftp.OpenSshClient.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Partners log in with the real OpenSSH client, with their key, into their own folder only. */
class PartnerSftpLoginTest {

    @TempDir
    Path tmp;

    private SftpHubFixture hub;
    private OpenSshClient openssh;
    private Path acmeKey;
    private Path eastKey;
    private int port;

    @BeforeEach
    void startHubWithTwoPartners() throws Exception {
        OpenSshClient.assumeInstalled();
        Path client = Files.createDirectories(tmp.resolve("client"));
        hub = new SftpHubFixture(Files.createDirectories(tmp.resolve("hub")));
        OpenSshClient keygen = new OpenSshClient(client, null);
        acmeKey = keygen.newKey("acme_ed25519");
        eastKey = keygen.newKey("east_ed25519");
        hub.partner("acme-3pl", null, null, List.of(OpenSshClient.publicKeyOf(acmeKey)))
                .partner("wh-east", null, null, List.of(OpenSshClient.publicKeyOf(eastKey)));
        port = hub.start().port();
        openssh = new OpenSshClient(client, hub.knownHosts());
        Files.writeString(hub.partnerFolder("wh-east").resolve("inbox/east-secret.csv"), "east only\n");
        Files.writeString(client.resolve("shipments_1.csv"), "shipment_id,sku\nS1,A\n");
    }

    @AfterEach
    void stopHub() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void partnerUploadsWithItsKeyAsPartThenRenamesIntoItsInbox() throws Exception {
        Result upload = openssh.sftp("acme-3pl", acmeKey, port,
                "cd inbox",
                "put shipments_1.csv shipments_1.csv.part",
                "rename shipments_1.csv.part shipments_1.csv",
                "ls -1");

        assertThat(upload.exitCode()).as(upload.output()).isZero();
        Path inbox = hub.partnerFolder("acme-3pl").resolve("inbox");
        assertThat(inbox.resolve("shipments_1.csv")).hasContent("shipment_id,sku\nS1,A");
        assertThat(inbox.resolve("shipments_1.csv.part")).doesNotExist();
    }

    @Test
    void partnerSeesOnlyItsOwnFourFoldersAtRoot() throws Exception {
        Result root = openssh.sftp("acme-3pl", acmeKey, port, "ls -1 /");
        Result parent = openssh.sftp("acme-3pl", acmeKey, port, "cd ..", "cd ..", "pwd", "ls -1");

        assertThat(root.exitCode()).as(root.output()).isZero();
        assertThat(root.listing()).containsExactlyInAnyOrder("/archive", "/error", "/inbox", "/outbox");
        assertThat(parent.exitCode()).as(parent.output()).isZero();
        assertThat(parent.listing()).containsExactlyInAnyOrder("Remote working directory: /",
                "archive", "error", "inbox", "outbox");
    }

    @Test
    void partnerCannotListOrFetchAnotherPartnersFiles() throws Exception {
        Path eastFile = hub.partnerFolder("wh-east").resolve("inbox/east-secret.csv").toAbsolutePath();

        Result listSibling = openssh.sftp("acme-3pl", acmeKey, port, "ls ../wh-east");
        Result fetchRelative = openssh.sftp("acme-3pl", acmeKey, port, "get ../wh-east/inbox/east-secret.csv");
        Result fetchAbsolute = openssh.sftp("acme-3pl", acmeKey, port, "get " + eastFile);
        Result fetchFromInbox = openssh.sftp("acme-3pl", acmeKey, port, "get inbox/../../wh-east/inbox/east-secret.csv");

        for (Result attempt : List.of(listSibling, fetchRelative, fetchAbsolute, fetchFromInbox)) {
            assertThat(attempt.exitCode()).as(attempt.output()).isNotZero();
            assertThat(attempt.output()).contains("not found");
        }
        assertThat(tmp.resolve("client/east-secret.csv")).doesNotExist();
    }

    @Test
    void symbolicLinkOutOfTheHomeDoesNotLeadToAnotherPartner() throws Exception {
        // A link left in the folder by mistake (partners themselves cannot create links, see below).
        Files.createSymbolicLink(hub.partnerFolder("acme-3pl").resolve("outbox/to-east"),
                hub.partnerFolder("wh-east").toAbsolutePath());

        Result list = openssh.sftp("acme-3pl", acmeKey, port, "ls outbox/to-east/inbox");
        Result fetch = openssh.sftp("acme-3pl", acmeKey, port, "get outbox/to-east/inbox/east-secret.csv");

        assertThat(list.exitCode()).as(list.output()).isNotZero();
        assertThat(list.output()).doesNotContain("east-secret.csv\n");
        assertThat(fetch.exitCode()).as(fetch.output()).isNotZero();
        assertThat(tmp.resolve("client/east-secret.csv")).doesNotExist();
    }

    @Test
    void partnerCannotCreateLinks() throws Exception {
        Files.writeString(hub.partnerFolder("acme-3pl").resolve("inbox/a.csv"), "a\n");

        Result link = openssh.sftp("acme-3pl", acmeKey, port, "symlink /inbox/a.csv /inbox/b.csv");

        assertThat(link.exitCode()).as(link.output()).isNotZero();
        assertThat(link.output()).containsIgnoringCase("permission denied");
        assertThat(hub.partnerFolder("acme-3pl").resolve("inbox/b.csv")).doesNotExist();
    }

    @Test
    void wrongKeyIsRefused() throws Exception {
        Result login = openssh.sftp("acme-3pl", eastKey, port, "ls -1 /");

        assertThat(login.exitCode()).as(login.output()).isNotZero();
        assertThat(login.output()).contains("Permission denied");
    }

    @Test
    void unknownUserAndPartnerWithoutSftpSectionAreRefused() throws Exception {
        hub.partnerWithoutSftp("wh-west");

        Result unknown = openssh.sftp("nobody", acmeKey, port, "ls -1 /");
        Result noSftp = openssh.sftp("wh-west", acmeKey, port, "ls -1 /");

        assertThat(unknown.exitCode()).as(unknown.output()).isNotZero();
        assertThat(unknown.output()).contains("Permission denied");
        assertThat(noSftp.exitCode()).as(noSftp.output()).isNotZero();
        assertThat(noSftp.output()).contains("Permission denied");
    }

    @Test
    void partnerAddedWhileRunningGetsItsFolderOnFirstLogin() throws Exception {
        Path newKey = new OpenSshClient(tmp.resolve("client"), null).newKey("north_ed25519");
        hub.partner("wh-north", "north-ftp", null, List.of(OpenSshClient.publicKeyOf(newKey)));
        assertThat(hub.partnerFolder("wh-north")).doesNotExist();

        Result login = openssh.sftp("north-ftp", newKey, port, "ls -1 /");

        assertThat(login.exitCode()).as(login.output()).isZero();
        assertThat(login.listing()).containsExactlyInAnyOrder("/archive", "/error", "/inbox", "/outbox");
        assertThat(hub.partnerFolder("wh-north").resolve("inbox")).isDirectory();
    }

    @Test
    void execShellAndPortForwardingAreRefused() throws Exception {
        Result exec = openssh.ssh("acme-3pl", acmeKey, port, List.of(), "echo", "exec-worked");
        Result shell = openssh.ssh("acme-3pl", acmeKey, port, List.of("-T"));
        Result remoteForward = openssh.ssh("acme-3pl", acmeKey, port,
                List.of("-N", "-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:" + port));

        assertThat(exec.exitCode()).as(exec.output()).isNotZero();
        assertThat(exec.output()).doesNotContain("exec-worked").contains("exec request failed");
        assertThat(shell.exitCode()).as(shell.output()).isNotZero();
        assertThat(shell.output()).contains("shell request failed");
        assertThat(remoteForward.exitCode()).as(remoteForward.output()).isNotZero();
        assertThat(remoteForward.output()).containsIgnoringCase("remote port forwarding failed");
    }
}
