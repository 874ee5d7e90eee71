package io.dock2ledger.intake;

import io.dock2ledger.intake.sftp.CompletedUploads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A partner's inbox route is woken when a file it will read appears in its folder, not for temporaries. */
class InboxWakeUpsTest {

    @TempDir
    Path root;

    private InboxWakeUps wakeUps;
    private Path inbox;
    private final AtomicInteger woken = new AtomicInteger();
    private AutoCloseable registration;

    @BeforeEach
    void watch() throws IOException {
        inbox = Files.createDirectories(root.resolve("partners/acme-3pl/inbox"));
        wakeUps = new InboxWakeUps(new CompletedUploads(), true);
        registration = wakeUps.register("acme-3pl", inbox, woken::incrementAndGet);
    }

    @AfterEach
    void stop() throws Exception {
        registration.close();
        wakeUps.close();
    }

    @Test
    void aFileRenamedIntoTheInboxWakesItsRoute() throws IOException {
        Path part = Files.writeString(inbox.resolve("shipments_1.csv.part"), "shipment_id\n");
        Files.move(part, inbox.resolve("shipments_1.csv"), StandardCopyOption.ATOMIC_MOVE);
        await().atMost(Duration.ofSeconds(20)).until(() -> woken.get() >= 1);
    }

    @Test
    void temporaryNamesWakeNothing() throws IOException {
        Files.writeString(inbox.resolve("shipments_2.csv.part"), "shipment_id\n");
        Files.writeString(inbox.resolve(".shipments_2.csv"), "shipment_id\n");
        // Then a file that counts: only it wakes the route, once.
        Files.writeString(inbox.resolve("shipments_2.csv"), "shipment_id\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> woken.get() >= 1);
        await().during(Duration.ofMillis(500)).until(() -> woken.get() == 1);
    }

    @Test
    void anotherPartnersWakeUpOrAClosedRegistrationWakesNothing() throws Exception {
        wakeUps.wake("wh-east");
        assertThat(woken.get()).isZero();
        wakeUps.wake("acme-3pl");
        assertThat(woken.get()).isEqualTo(1);
        registration.close();
        wakeUps.wake("acme-3pl");
        assertThat(woken.get()).isEqualTo(1);
    }

    @Test
    void tempNamesAreTheOnesTheRouteExcludes() {
        assertThat(InboxWakeUps.mayBeRead("shipments.csv")).isTrue();
        assertThat(InboxWakeUps.mayBeRead("shipments.csv.part")).isFalse();
        assertThat(InboxWakeUps.mayBeRead("shipments.csv.tmp")).isFalse();
        assertThat(InboxWakeUps.mayBeRead(".shipments.csv")).isFalse();
        assertThat(InboxWakeUps.mayBeRead("shipments.csv.filepart")).isFalse();
    }
}
