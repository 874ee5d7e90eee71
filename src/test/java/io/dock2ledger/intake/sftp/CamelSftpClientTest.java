package io.dock2ledger.intake.sftp;

import org.apache.camel.CamelContext;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.file.FileConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Camel's sftp component (JSch) as a partner's client: password login checked against a bcrypt hash. */
class CamelSftpClientTest {

    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path tmp;

    private SftpHubFixture hub;
    private CamelContext camel;
    private Path knownHosts;
    private int port;

    @BeforeEach
    void startHubAndCamel() throws Exception {
        hub = new SftpHubFixture(tmp);
        hub.partner("acme-3pl", null, "{bcrypt}" + new BCryptPasswordEncoder().encode(PASSWORD), List.of());
        port = hub.start().port();
        knownHosts = hub.knownHosts();
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void camelLogsInWithPasswordAndDownloadsFromOutbox() throws Exception {
        Path ack = hub.partnerFolder("acme-3pl").resolve("outbox/ack_42.xml");
        Files.writeString(ack, "<ack id=\"42\"/>");

        try (ConsumerTemplate consumer = camel.createConsumerTemplate()) {
            String body = consumer.receiveBody(endpoint("outbox", PASSWORD) + "&delete=true", 20_000, String.class);

            assertThat(body).isEqualTo("<ack id=\"42\"/>");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.notExists(ack));
    }

    @Test
    void camelUploadsUnderATempNameThenRenamesIntoInbox() {
        ProducerTemplate producer = camel.createProducerTemplate();

        producer.sendBodyAndHeader(endpoint("inbox", PASSWORD) + "&tempFileName=${file:onlyname}.part",
                "shipment_id,sku\nS9,B\n", FileConstants.FILE_NAME, "shipments_9.csv");

        Path inbox = hub.partnerFolder("acme-3pl").resolve("inbox");
        assertThat(inbox.resolve("shipments_9.csv")).hasContent("shipment_id,sku\nS9,B");
        assertThat(inbox.resolve("shipments_9.csv.part")).doesNotExist();
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        Path ack = hub.partnerFolder("acme-3pl").resolve("outbox/ack_43.xml");
        Files.writeString(ack, "<ack id=\"43\"/>");

        try (ConsumerTemplate consumer = camel.createConsumerTemplate()) {
            // The consumer logs the refused login and keeps polling; nothing is ever received.
            String body = consumer.receiveBody(endpoint("outbox", "not the password") + "&delete=true", 3_000,
                    String.class);

            assertThat(body).isNull();
        }
        assertThat(ack).exists();
    }

    /** Strict host key checking against a known_hosts file holding the server's persisted key. */
    private String endpoint(String folder, String password) {
        return "sftp://acme-3pl@127.0.0.1:" + port + "/" + folder
                + "?password=RAW(" + password + ")"
                + "&knownHostsFile=" + knownHosts
                + "&strictHostKeyChecking=yes&useUserKnownHostsFile=false"
                + "&preferredAuthentications=password&autoCreate=false&disconnect=true";
    }
}
