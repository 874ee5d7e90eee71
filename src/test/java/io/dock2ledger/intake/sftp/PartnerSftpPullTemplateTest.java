package io.dock2ledger.intake.sftp;

import io.dock2ledger.config.HubInstance;
import io.dock2ledger.operations.SingletonJobs;
import io.dock2ledger.operations.SingletonPollStrategy;
import io.dock2ledger.persistence.Databases;
import org.apache.camel.CamelContext;
import org.apache.camel.component.file.remote.RemoteFilePollingConsumerPollStrategy;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * routes/partner-sftp-pull.camel.yaml against a partner-hosted SFTP server, played by the embedded server: the
 * partner gave the hub a login ({@code dock2ledger}) whose outbox holds the files for us. Each "hub" here is a Camel
 * context with the route and the route's poll strategy on a lease table shared through one database, as hub instances
 * share PostgreSQL.
 */
class PartnerSftpPullTemplateTest {

    private static final String JOB = "poll:wh-east-sftp-pull";
    /** Short, so that a dead poller's folder moves on within the test (production: 3 minutes). */
    private static final Duration LEASE = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    private SftpHubFixture partnerServer;
    private CamelContext camel;
    private final List<CamelContext> hubs = new ArrayList<>();
    private DataSource database;
    private Path remoteOutbox;
    private Path localInbox;
    private int port;
    private Path hubKey;

    @BeforeEach
    void startPartnerServerAndHub() throws Exception {
        OpenSshClient.assumeInstalled();
        Path keys = Files.createDirectories(tmp.resolve("hub-keys"));
        hubKey = new OpenSshClient(keys, null).newKey("wh-east_ed25519");
        partnerServer = new SftpHubFixture(Files.createDirectories(tmp.resolve("partner-server")));
        partnerServer.partner("dock2ledger", null, null, List.of(OpenSshClient.publicKeyOf(hubKey)));
        port = partnerServer.start().port();
        remoteOutbox = partnerServer.partnerFolder("dock2ledger").resolve("outbox");
        database = Databases.freshH2();
        localInbox = Files.createDirectories(tmp.resolve("hub-data/partners/wh-east/inbox"));
        camel = startHub("hub-1", tmp.resolve("hub-data"));
    }

    /** A hub instance with the pull route configured, its leases in the shared database. */
    private CamelContext startHub(String instance, Path hubData) throws Exception {
        CamelContext hub = new DefaultCamelContext();
        hubs.add(hub);
        var properties = hub.getPropertiesComponent();
        properties.addInitialProperty("dock2ledger.data-dir", hubData.toString());
        properties.addInitialProperty("wh-east.sftp.host", "127.0.0.1");
        properties.addInitialProperty("wh-east.sftp.port", String.valueOf(port));
        properties.addInitialProperty("wh-east.sftp.known-hosts-file", partnerServer.knownHosts().toString());
        properties.addInitialProperty("wh-east.sftp.private-key-file", hubKey.toString());
        // As OperationsConfiguration makes it.
        hub.getRegistry().bind("singletonSftpPoll", new SingletonPollStrategy(jobs(instance),
                new RemoteFilePollingConsumerPollStrategy()));
        var loader = PluginHelper.getRoutesLoader(hub);
        loader.loadRoutes(ResourceHelper.resolveResource(hub, "file:routes/partner-sftp-pull.camel.yaml"));
        // Instantiated by configuration, the way a deployment does it.
        loader.loadRoutes(ResourceHelper.resolveResource(hub, "classpath:sftp/wh-east-sftp-pull.camel.yaml"));
        hub.start();
        return hub;
    }

    private SingletonJobs jobs(String instance) {
        return new SingletonJobs(new JdbcTemplate(database), new HubInstance(instance), Clock.systemUTC(), LEASE);
    }

    @AfterEach
    void stop() {
        hubs.forEach(CamelContext::stop);
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

    @Test
    void ofTwoHubsPollingOnePartnerFolderOneFetchesEachFileOnceAndADeadPollersFolderMovesOn() throws Exception {
        SingletonJobs leases = jobs("observer");
        // hub-1 polled first and holds the folder's lease; then hub-2 starts with the same route.
        await().atMost(Duration.ofSeconds(30)).until(() -> leases.holder(JOB).filter("hub-1"::equals).isPresent());
        Path otherInbox = Files.createDirectories(tmp.resolve("hub-2-data/partners/wh-east/inbox"));
        startHub("hub-2", tmp.resolve("hub-2-data"));

        List<String> first = List.of("shipments_21.csv", "shipments_22.csv", "shipments_23.csv", "shipments_24.csv",
                "shipments_25.csv", "shipments_26.csv");
        for (String name : first) {
            Files.writeString(remoteOutbox.resolve(name), "shipment_id,sku\n" + name + ",C\n");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> first.stream()
                .allMatch(name -> Files.exists(remoteOutbox.resolve(".done/" + name))));

        assertThat(names(localInbox)).as("the lease holder fetched every file").containsExactlyInAnyOrderElementsOf(first);
        assertThat(names(otherInbox)).as("the other hub polled nothing while the holder lived").isEmpty();
        assertThat(leases.holder(JOB)).hasValue("hub-1");

        // hub-1 dies (no release at shutdown, as with kill -9): once its lease expires, hub-2 takes the folder over.
        camel.stop();
        List<String> later = List.of("shipments_27.csv", "shipments_28.csv");
        for (String name : later) {
            Files.writeString(remoteOutbox.resolve(name), "shipment_id,sku\n" + name + ",D\n");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> names(otherInbox).containsAll(later));
        assertThat(names(otherInbox)).containsExactlyInAnyOrderElementsOf(later);
        assertThat(names(localInbox)).containsExactlyInAnyOrderElementsOf(first);
        assertThat(leases.holder(JOB)).hasValue("hub-2");
    }

    private static List<String> names(Path inbox) throws java.io.IOException {
        try (Stream<Path> files = Files.list(inbox)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
