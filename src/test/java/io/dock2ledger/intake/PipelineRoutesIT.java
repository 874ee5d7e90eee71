package io.dock2ledger.intake;

import org.springframework.context.annotation.Import;
import io.dock2ledger.support.TestPasswordHashes;
import io.dock2ledger.intake.webhook.WebhookSignature;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The intake routes with Camel's test kit, on the whole hub with its own data folder: the posting queue step of
 * event-to-posting-queue is replaced by a mock endpoint (AdviceWith, by its step id), so what the channels queue can be
 * counted and made to fail, and the route statistics that Hawtio shows (JMX on) prove that every channel's events took
 * the same route steps.
 */
@CamelSpringBootTest
@DisableJmx(false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "dock2ledger.intake.poll-delay=200",
        "dock2ledger.sftp.port=0"
})
@DirtiesContext
@Import(TestPasswordHashes.class)
class PipelineRoutesIT {

    private static final String SECRET = "test-only-webhook-secret-wh-east";
    private static final Duration WITHIN = Duration.ofSeconds(60);

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void isolatedState(DynamicPropertyRegistry registry) {
        registry.add("dock2ledger.data-dir", () -> dataDir.toString());
    }

    @Autowired
    CamelContext camel;

    @Autowired
    JmsTemplate jms;

    @Autowired
    JdbcTemplate jdbc;

    @LocalServerPort
    int port;

    @EndpointInject("mock:posting-queue")
    MockEndpoint postingQueue;

    @BeforeEach
    void replaceThePostingQueueWithAMock() throws Exception {
        if (!advised) {
            AdviceWith.adviceWith(camel, "event-to-posting-queue",
                    route -> route.weaveById("to-posting-queue").replace().to("mock:posting-queue"));
            advised = true;
        }
        postingQueue.reset();
    }

    /** The context lives as long as this class (DirtiesContext), so the route is advised once. */
    private static boolean advised;

    @Test
    void everyChannelsEventsTakeTheSameRouteSteps() throws Exception {
        long mapped = completed("map-document");
        long prepared = completed("prepare-event");
        long queued = completed("event-to-posting-queue");

        drop("acme-3pl", Path.of("config/demo/inbound/acme-3pl/shipments_SHP-9001.csv"), "shipments_SHP-9001.csv");
        drop("acme-3pl", Path.of("config/demo/inbound/acme-3pl/945_SHP-9002.x12"), "945_SHP-9002.x12");
        jms.convertAndSend("dock2ledger.inbound.wh-east", transferShipped("TRF-ROUTES-JMS"));
        assertThat(webhook(transferShipped("TRF-ROUTES-HOOK")).statusCode()).isEqualTo(202);

        await().atMost(WITHIN).until(() -> postingQueue.getExchanges().stream().map(e -> e.getMessage().getBody(String.class))
                .map(PipelineRoutesIT::channel).distinct().count() == 4);
        await().atMost(WITHIN).until(() -> completed("event-to-posting-queue") - queued == postingQueue.getReceivedCounter());
        int events = postingQueue.getReceivedCounter();
        assertThat(completed("prepare-event") - prepared).as("events prepared by prepare-event").isEqualTo(events);
        assertThat(completed("map-document") - mapped).as("documents mapped by map-document: the CSV's shipment, the "
                + "945, the message and the webhook").isEqualTo(4);
        assertThat(postingQueue.getExchanges()).allSatisfy(e ->
                assertThat(e.getMessage().getHeaders()).as("only the message group travels with the event")
                        .containsOnlyKeys("JMSXGroupID"));
        // One event a channel: a second one would fail toMap rather than replace the first.
        Map<String, Object> groups = postingQueue.getExchanges().stream().collect(Collectors.toMap(
                e -> channel(e.getMessage().getBody(String.class)), e -> e.getMessage().getHeader("JMSXGroupID")));
        assertThat(groups).as("each event's group is its business key").isEqualTo(Map.of(
                "file", "order:SO-50001", "edi", "order:SO-50002",
                "jms", "transfer:TRF-ROUTES-JMS", "webhook", "transfer:TRF-ROUTES-HOOK"));
    }

    @Test
    void aWebhookAnswers503WhenThePostingQueueIsDownAfterTheRetries() throws Exception {
        postingQueue.whenAnyExchangeReceived(exchange -> {
            throw new IllegalStateException("broker down");
        });

        HttpResponse<String> response = webhook(transferShipped("TRF-ROUTES-DOWN"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("posting queue or the database is not available");
        assertThat(postingQueue.getReceivedCounter()).as("the first attempt and four redeliveries").isEqualTo(5);
    }

    @Test
    void aWebhookWhoseEventFailsMasterDataQueuesNothing() throws Exception {
        HttpResponse<String> response = webhook("""
                {"type": "transfer.shipped", "id": "5c1d2e3f-0000-4000-8000-00000000f00d", "warehouse": "WH-EAST",
                 "occurredAt": "2026-11-26T16:30:00Z", "transfer": "TRF-ROUTES-BAD", "toWarehouse": "WH-WEST",
                 "lines": [{"sku": "MUG-RED", "quantity": 4, "uom": "CA"}, {"sku": "MUG-PLAID", "quantity": 1, "uom": "CA"}]}""");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("UNKNOWN_ITEM");
        assertThat(postingQueue.getReceivedCounter()).isZero();
        assertThat(jdbc.queryForObject("select count(*) from canonical_event where source_document = 'TRF-ROUTES-BAD'",
                Integer.class)).isZero();
    }

    @Test
    void aFunctionalAcknowledgmentGoesToItsOwnRouteAndIsNeverMapped() {
        long mapped = completed("map-document");
        NotifyBuilder acknowledged = new NotifyBuilder(camel).wereSentTo("direct:partner-acks-to-outbound")
                .whenDone(1).create();

        drop("acme-3pl", "997_routes_771001.x12", "ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*DOCKSIDE       "
                + "*261128*0930*U*00401*771001001*0*P*>~GS*FA*ACME3PL*DOCKSIDE*20261128*0930*771001*X*004010~ST*997*0001~"
                + "AK1*OW*771001~AK9*A*1*1*1~SE*4*0001~GE*1*771001~IEA*1*771001001~");

        assertThat(acknowledged.matches(WITHIN.toSeconds(), TimeUnit.SECONDS)).isTrue();
        // The exception is written in the file's open chunk (EDI files commit in chunks, IntakeChunks), so it is
        // visible once that chunk commits, a moment after the acknowledgment's route is done.
        String unmatchedQuery = "from hub_exception where category = 'UNMATCHED_ACKNOWLEDGMENT' "
                + "and source_document like '%997_routes_771001.x12%'";
        await().atMost(WITHIN).until(() -> jdbc.queryForObject("select count(*) " + unmatchedQuery, Integer.class) == 1);
        Map<String, Object> unmatched = jdbc.queryForMap("select category, payload_ref " + unmatchedQuery);
        String rawFile = jdbc.queryForObject("select id from raw_file where file_name = '997_routes_771001.x12'", String.class);
        assertThat(unmatched).containsEntry("payload_ref", "raw_file:" + rawFile);
        assertThat(completed("map-document")).as("nothing mapped").isEqualTo(mapped);
    }

    private long completed(String routeId) {
        try {
            return camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                    .getManagedRoute(routeId).getExchangesCompleted();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String channel(String eventJson) {
        for (String channel : new String[]{"file", "edi", "jms", "webhook"}) {
            if (eventJson.contains("\"channel\":\"" + channel + "\"")) {
                return channel;
            }
        }
        return "?";
    }

    private HttpResponse<String> webhook(String json) throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/inbound/wh-east"))
                .header("Content-Type", "application/json")
                .header(WebhookSignature.HEADER, WebhookSignature.sign(SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void drop(String partner, Path source, String name) {
        try {
            drop(partner, name, Files.readString(source));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void drop(String partner, String name, String content) {
        try {
            Path inbox = Files.createDirectories(dataDir.resolve("partners").resolve(partner).resolve("inbox"));
            Path part = inbox.resolve(name + ".part");
            Files.writeString(part, content, StandardCharsets.UTF_8);
            Files.move(part, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String transferShipped(String transfer) {
        return """
                {"type": "transfer.shipped", "id": "%s", "warehouse": "WH-EAST", "occurredAt": "2026-11-26T16:30:00Z",
                 "transfer": "%s", "toWarehouse": "WH-WEST", "lines": [{"sku": "MUG-RED", "quantity": 4, "uom": "CA"}]}"""
                .formatted(UUID.randomUUID(), transfer);
    }
}
