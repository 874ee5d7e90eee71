package io.dock2ledger.operations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.CanonicalEventStore;
import io.dock2ledger.canonical.CanonicalJson;
import io.dock2ledger.config.HubProperties;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.ExceptionRecord;
import io.dock2ledger.persistence.Databases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** What the workbench shows for an exception of a stored event: the event as stored, and the file it came from. */
class ExceptionPayloadsTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#fresh")
    void anExceptionOfAStoredEventShowsItsPayloadAndItsFile(String name, Supplier<DataSource> database,
                                                            @TempDir Path data) throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(database.get());
        CanonicalEventStore events = new CanonicalEventStore(jdbc, CanonicalJson.newMapper());
        ObjectNode sample = (ObjectNode) CanonicalJson.newMapper().readTree(
                Files.readString(Path.of("mappings/acme-3pl/samples/shipment-csv.expected.json"))).get(0);
        sample.put("eventId", "evt-SHP-9001").put("receivedAt", "2026-11-26T20:00:00Z");
        ((ObjectNode) sample.get("source")).put("rawFileId", "raw-9001");
        CanonicalEvent event = events.fromJson(sample.toString());
        String json = events.toJson(event);
        events.storeIfAbsent(event, json, Instant.parse("2026-11-26T20:00:01Z"));
        ExceptionPayloads payloads = new ExceptionPayloads(jdbc,
                new HubProperties(data, Path.of("config"), Path.of("routes"), Path.of("mappings")));

        ExceptionPayloads.Payload payload = payloads.of(exception(event.eventId()));

        assertThat(payload.kind()).isEqualTo("stored canonical event " + event.eventId());
        assertThat(payload.content()).isEqualTo(json);
        assertThat(payload.rawFileId()).isEqualTo("raw-9001");
        assertThat(payloads.of(exception("evt-never-stored")).kind()).as("no stored event: what the exception kept")
                .isEqualTo("payload");
    }

    private static ExceptionRecord exception(String eventId) {
        return new ExceptionRecord(1, ExceptionCategory.UNKNOWN_ITEM, "master-data-team", "OPEN", "acme-3pl",
                "SHP-9001", eventId, "unknown item", null, Instant.now(), null, null, null);
    }
}
