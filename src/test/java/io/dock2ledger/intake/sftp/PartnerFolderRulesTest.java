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

/** What a partner may do in its own home, checked with the real OpenSSH sftp client. */
class PartnerFolderRulesTest {

    @TempDir
    Path tmp;

    private SftpHubFixture hub;
    private OpenSshClient openssh;
    private Path key;
    private Path home;
    private int port;

    @BeforeEach
    void startHub() throws Exception {
        OpenSshClient.assumeInstalled();
        Path client = Files.createDirectories(tmp.resolve("client"));
        hub = new SftpHubFixture(Files.createDirectories(tmp.resolve("hub")));
        key = new OpenSshClient(client, null).newKey("acme_ed25519");
        hub.partner("acme-3pl", null, null, List.of(OpenSshClient.publicKeyOf(key)));
        port = hub.start().port();
        openssh = new OpenSshClient(client, hub.knownHosts());
        home = hub.partnerFolder("acme-3pl");
        Files.writeString(home.resolve("archive/shipments_0.csv"), "archived\n");
        Files.writeString(home.resolve("error/shipments_bad.csv"), "failed\n");
        Files.writeString(home.resolve("outbox/ack_1.xml"), "<ack/>\n");
        Files.writeString(client.resolve("upload.csv"), "a,b\n");
    }

    @AfterEach
    void stopHub() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void partnerReadsOutboxArchiveAndError() throws Exception {
        Result fetch = openssh.sftp("acme-3pl", key, port,
                "get outbox/ack_1.xml", "get archive/shipments_0.csv", "get error/shipments_bad.csv");

        assertThat(fetch.exitCode()).as(fetch.output()).isZero();
        assertThat(tmp.resolve("client/ack_1.xml")).hasContent("<ack/>");
        assertThat(tmp.resolve("client/shipments_0.csv")).hasContent("archived");
        assertThat(tmp.resolve("client/shipments_bad.csv")).hasContent("failed");
    }

    @Test
    void uploadsOutsideInboxAreRefused() throws Exception {
        for (String target : List.of("outbox/x.csv", "archive/x.csv", "error/x.csv", "/x.csv")) {
            Result put = openssh.sftp("acme-3pl", key, port, "put upload.csv " + target);

            assertThat(put.exitCode()).as(put.output()).isNotZero();
            assertThat(put.output()).containsIgnoringCase("permission denied");
        }
        assertThat(home.resolve("outbox/x.csv")).doesNotExist();
        assertThat(home.resolve("archive/x.csv")).doesNotExist();
        assertThat(home.resolve("x.csv")).doesNotExist();
    }

    @Test
    void archivedAndFailedFilesCannotBeDeletedOrOverwritten() throws Exception {
        Result deleteArchived = openssh.sftp("acme-3pl", key, port, "rm archive/shipments_0.csv");
        Result deleteFailed = openssh.sftp("acme-3pl", key, port, "rm error/shipments_bad.csv");
        Result overwriteArchived = openssh.sftp("acme-3pl", key, port, "put upload.csv archive/shipments_0.csv");

        for (Result attempt : List.of(deleteArchived, deleteFailed, overwriteArchived)) {
            assertThat(attempt.exitCode()).as(attempt.output()).isNotZero();
            assertThat(attempt.output()).containsIgnoringCase("permission denied");
        }
        assertThat(home.resolve("archive/shipments_0.csv")).hasContent("archived");
        assertThat(home.resolve("error/shipments_bad.csv")).hasContent("failed");
    }

    @Test
    void filesCannotBeMovedBetweenFoldersNorTheFoldersThemselvesChanged() throws Exception {
        Result archiveToInbox = openssh.sftp("acme-3pl", key, port,
                "rename archive/shipments_0.csv inbox/shipments_0.csv");
        Result renameFolder = openssh.sftp("acme-3pl", key, port, "rename inbox incoming");
        Result removeFolder = openssh.sftp("acme-3pl", key, port, "rmdir error");
        Result newFolderAtRoot = openssh.sftp("acme-3pl", key, port, "mkdir /private");
        Result chmodArchived = openssh.sftp("acme-3pl", key, port, "chmod 777 archive/shipments_0.csv");

        for (Result attempt : List.of(archiveToInbox, renameFolder, removeFolder, newFolderAtRoot, chmodArchived)) {
            assertThat(attempt.exitCode()).as(attempt.output()).isNotZero();
            assertThat(attempt.output()).containsIgnoringCase("permission denied");
        }
        assertThat(home.resolve("archive/shipments_0.csv")).exists();
        assertThat(home.resolve("inbox")).isDirectory();
        assertThat(home.resolve("error")).isDirectory();
        assertThat(home.resolve("private")).doesNotExist();
    }

    @Test
    void partnerCanWithdrawAnUploadNotYetPickedUp() throws Exception {
        Result withdraw = openssh.sftp("acme-3pl", key, port,
                "put upload.csv inbox/upload.csv.part", "rm inbox/upload.csv.part");

        assertThat(withdraw.exitCode()).as(withdraw.output()).isZero();
        assertThat(home.resolve("inbox/upload.csv.part")).doesNotExist();
    }

    @Test
    void fetchedAcknowledgmentsCanBeDeletedOrFiledInOutbox() throws Exception {
        Files.writeString(home.resolve("outbox/ack_2.xml"), "<ack/>\n");

        Result tidy = openssh.sftp("acme-3pl", key, port,
                "rm outbox/ack_1.xml", "mkdir outbox/.done", "rename outbox/ack_2.xml outbox/.done/ack_2.xml");

        assertThat(tidy.exitCode()).as(tidy.output()).isZero();
        assertThat(home.resolve("outbox/ack_1.xml")).doesNotExist();
        assertThat(home.resolve("outbox/.done/ack_2.xml")).hasContent("<ack/>");
    }
}
