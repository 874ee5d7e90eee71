package io.dock2ledger.intake.sftp;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * routes/partner-sftp-pull.camel.yaml against a partner-hosted SFTP server, played by the embedded server: the
 * partner gave the hub a login ({@code dock2ledger}) whose outbox holds the files for us.
 */
class PartnerSftpPullTemplateTest {

    @TempDir
    Path tmp;

    private SftpHubFixture partnerServer;
    private CamelContext camel;
    private Path remoteOutbox;
    private Path localInbox;

    @BeforeEach
    void startPartnerServerAndHub() throws Exception {
        OpenSshClient.assumeInstalled();
        Path keys = Files.createDirectories(tmp.resolve("hub-keys"));
        Path hubKey = new OpenSshClient(keys, null).newKey("wh-east_ed25519");
        partnerServer = new SftpHubFixture(Files.createDirectories(tmp.resolve("partner-server")));
        partnerServer.partner("dock2ledger", null, null, List.of(OpenSshClient.publicKeyOf(hubKey)));
        int port = partnerServer.start().port();
        remoteOutbox = partnerServer.partnerFolder("dock2ledger").resolve("outbox");
        Path hubData = tmp.resolve("hub-data");
        localInbox = Files.createDirectories(hubData.resolve("partners/wh-east/inbox"));

        camel = new DefaultCamelContext();
        var properties = camel.getPropertiesComponent();
        properties.addInitialProperty("dock2ledger.data-dir", hubData.toString());
        properties.addInitialProperty("wh-east.sftp.host", "127.0.0.1");
        properties.addInitialProperty("wh-east.sftp.port", String.valueOf(port));
        properties.addInitialProperty("wh-east.sftp.known-hosts-file", partnerServer.knownHosts().toString());
        properties.addInitialProperty("wh-east.sftp.private-key-file", hubKey.toString());
        var loader = PluginHelper.getRoutesLoader(camel);
        loader.loadRoutes(ResourceHelper.resolveResource(camel, "file:routes/partner-sftp-pull.camel.yaml"));
        // Instantiated by configuration, the way a deployment does it.
        loader.loadRoutes(ResourceHelper.resolveResource(camel, "classpath:sftp/wh-east-sftp-pull.camel.yaml"));
        camel.start();
    }

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
        if (partnerServer != null) {
            partnerServer.close();
        }
    }

    @Test
    void templateIsInertUntilInstantiated() throws Exception {
        try (DefaultCamelContext fresh = new DefaultCamelContext()) {
            PluginHelper.getRoutesLoader(fresh).loadRoutes(
                    ResourceHelper.resolveResource(fresh, "file:routes/partner-sftp-pull.camel.yaml"));
            fresh.start();

            assertThat(fresh.getRoutes()).isEmpty();
            assertThat(fresh.getRouteTemplateDefinition("partner-sftp-pull")).isNotNull();
        }
    }

    @Test
    void remoteFileArrivesInTheLocalInboxAndIsMovedAsideRemotely() throws Exception {
        Files.writeString(remoteOutbox.resolve("shipments_7.csv"), "shipment_id,sku\nS7,C\n");

        // The remote move happens when the exchange completes, just after the local copy is renamed into place.
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(localInbox.resolve("shipments_7.csv"))
                && Files.exists(remoteOutbox.resolve(".done/shipments_7.csv")));

        assertThat(localInbox.resolve("shipments_7.csv")).hasContent("shipment_id,sku\nS7,C");
        assertThat(remoteOutbox.resolve(".done/shipments_7.csv")).hasContent("shipment_id,sku\nS7,C");
        assertThat(remoteOutbox.resolve("shipments_7.csv")).doesNotExist();
        try (var leftovers = Files.list(localInbox)) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).containsExactly("shipments_7.csv");
        }
    }

    @Test
    void halfWrittenAndHiddenRemoteFilesAreLeftAlone() throws Exception {
        Files.writeString(remoteOutbox.resolve("shipments_8.csv.part"), "shipment_id,sku\n");
        Files.writeString(remoteOutbox.resolve(".shipments_8.csv"), "shipment_id,sku\n");
        Files.writeString(remoteOutbox.resolve("shipments_8.csv"), "shipment_id,sku\nS8,D\n");

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(localInbox.resolve("shipments_8.csv")));

        assertThat(remoteOutbox.resolve("shipments_8.csv.part")).exists();
        assertThat(remoteOutbox.resolve(".shipments_8.csv")).exists();
        try (var fetched = Files.list(localInbox)) {
            assertThat(fetched.map(p -> p.getFileName().toString())).containsExactly("shipments_8.csv");
        }
    }
}
