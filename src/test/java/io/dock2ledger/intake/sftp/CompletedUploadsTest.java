package io.dock2ledger.intake.sftp;

import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the embedded SFTP server records about partners' uploads, driven by a real SFTP client (MINA SSHD's) with the
 * committed development key of acme-3pl: a file is whole once the client closed it and unchanged since, never while
 * open, never after a dropped session, never after a write that did not come through a completed upload.
 */
class CompletedUploadsTest {

    @TempDir
    Path root;

    private SftpHubFixture hub;
    private final List<String> wakeUps = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        hub = new SftpHubFixture(root).partner("acme-3pl", null, null,
                List.of(Files.readString(Path.of(PartnerSftpClient.ACME_DEV_KEY + ".pub")).strip()));
        hub.uploads.addListener((partner, file) -> wakeUps.add(partner + ":" + file.getFileName()));
        hub.start();
    }

    @AfterEach
    void stopServer() {
        hub.close();
    }

    private PartnerSftpClient client() throws IOException {
        return new PartnerSftpClient(hub.server().port(), "acme-3pl", PartnerSftpClient.ACME_DEV_KEY,
                hub.server().hostKey());
    }

    private Path inboxFile(String name) {
        return hub.partnerFolder("acme-3pl").resolve("inbox").resolve(name);
    }

    @Test
    void aClosedUploadIsWholeAndAnnouncedOnce() throws IOException {
        try (PartnerSftpClient partner = client()) {
            partner.put("inbox/shipments_1.csv", "shipment_id,sku\nS1,A\n");
        }
        assertThat(hub.uploads.isWhole(inboxFile("shipments_1.csv"))).isTrue();
        assertThat(hub.uploads.isBeingWritten(inboxFile("shipments_1.csv"))).isFalse();
        assertThat(wakeUps).containsExactly("acme-3pl:shipments_1.csv");
    }

    @Test
    void aFileStillOpenForWritingIsNotWhole() throws IOException {
        try (PartnerSftpClient partner = client()) {
            SftpClient.CloseableHandle handle = partner.openAndWrite("inbox/shipments_2.csv", "shipment_id,sku\n");
            assertThat(hub.uploads.isBeingWritten(inboxFile("shipments_2.csv"))).isTrue();
            assertThat(hub.uploads.isWhole(inboxFile("shipments_2.csv"))).isFalse();
            assertThat(wakeUps).isEmpty();
            handle.close();
        }
        assertThat(hub.uploads.isWhole(inboxFile("shipments_2.csv"))).isTrue();
    }

    @Test
    void aSessionDroppedMidUploadLeavesTheFileInterruptedNotWhole() throws IOException {
        PartnerSftpClient first = client();
        first.openAndWrite("inbox/shipments_3.csv", "shipment_id,sku\nS1,A\n");
        first.drop();
        Path file = inboxFile("shipments_3.csv");
        org.awaitility.Awaitility.await().until(() -> !hub.uploads.isBeingWritten(file));
        assertThat(hub.uploads.isWhole(file)).isFalse();
        assertThat(hub.uploads.isInterrupted(file)).isTrue();
        assertThat(wakeUps).isEmpty();

        // Resumed in a second session and closed: now it is whole.
        try (PartnerSftpClient second = client()) {
            second.openAndWrite("inbox/shipments_3.csv", "S2,B\n").close();
        }
        assertThat(Files.readString(file)).isEqualTo("shipment_id,sku\nS1,A\nS2,B\n");
        assertThat(hub.uploads.isInterrupted(file)).isFalse();
        assertThat(hub.uploads.isWhole(file)).isTrue();
        assertThat(wakeUps).containsExactly("acme-3pl:shipments_3.csv");
    }

    @Test
    void aRenamedUploadIsWholeUnderItsNewName() throws IOException {
        try (PartnerSftpClient partner = client()) {
            partner.putAndRename("inbox/shipments_4.csv", "shipment_id,sku\nS1,A\n");
        }
        assertThat(hub.uploads.isWhole(inboxFile("shipments_4.csv"))).isTrue();
        assertThat(hub.uploads.isWhole(inboxFile("shipments_4.csv.part"))).isFalse();
        assertThat(wakeUps).containsExactly("acme-3pl:shipments_4.csv.part", "acme-3pl:shipments_4.csv");
    }

    @Test
    void aFileChangedAfterItsUploadIsNoLongerWhole() throws IOException {
        try (PartnerSftpClient partner = client()) {
            partner.put("inbox/shipments_5.csv", "shipment_id,sku\nS1,A\n");
            partner.put("inbox/shipments_6.csv", "shipment_id,sku\nS1,A\n");
        }
        Files.writeString(inboxFile("shipments_5.csv"), "S2,B\n", StandardOpenOption.APPEND);
        Files.setLastModifiedTime(inboxFile("shipments_6.csv"), FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(hub.uploads.isWhole(inboxFile("shipments_5.csv"))).as("grew after the upload").isFalse();
        assertThat(hub.uploads.isWhole(inboxFile("shipments_6.csv"))).as("touched after the upload").isFalse();
    }

    @Test
    void aFileWrittenLocallyIsNeverWhole() throws IOException {
        Path local = Files.writeString(inboxFile("shipments_7.csv"), "shipment_id,sku\nS1,A\n");
        assertThat(hub.uploads.isWhole(local)).isFalse();
        assertThat(wakeUps).isEmpty();
    }
}
