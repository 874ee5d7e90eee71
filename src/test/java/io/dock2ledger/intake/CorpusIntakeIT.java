package io.dock2ledger.intake;

import io.dock2ledger.support.HubIntegrationTest;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.dock2ledger.intake.PartnerFolderFiles.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Whatever arrives: every file of the public corpus (src/test/resources/corpus: real-world X12, EDIFACT, CSV and
 * fixed-width files, many of them broken) is dropped into the inbox of the TEST partner corpus-lab. Each must be
 * either mapped or rejected with a specific reason (an exception record, and for an EDI rejection the negative
 * acknowledgment it names in the outbox); none may crash a route, stay in the inbox or vanish.
 */
class CorpusIntakeIT extends HubIntegrationTest {

    private static final Path CORPUS = Path.of("src/test/resources/corpus");
    private static final Path LAB = Path.of("partners/corpus-lab");
    /** "997 written in interchange 000000006", "TA1+997 written in interchange ...", "CONTRL 000000002 written (4)" */
    private static final Pattern ACK_NOTE = Pattern.compile("([A-Z0-9+]+) written in interchange (\\d+)|CONTRL (\\d+) written");

    @Autowired
    private CamelContext camel;

    @Test
    void everyCorpusFileIsMappedOrRejectedWithAReasonAndNoneBlocksOrVanishes() throws IOException {
        Map<String, Path> dropped = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(CORPUS)) {
            for (Path file : walk.filter(Files::isRegularFile).filter(p -> !p.endsWith("SOURCES.md")).sorted().toList()) {
                String name = CORPUS.relativize(file).toString().replace('/', '_');
                drop("corpus-lab", file, name);
                dropped.put(name, file);
            }
        }
        assertThat(dropped).hasSizeGreaterThan(50);

        await().atMost(Duration.ofMinutes(3)).until(() -> files(DATA_DIR.resolve(LAB).resolve("inbox"), "").isEmpty()
                && dropped.keySet().stream().allMatch(this::settled));

        for (String name : dropped.keySet()) {
            List<Path> archived = files(DATA_DIR.resolve(LAB).resolve("archive"), stem(name));
            List<Path> quarantined = files(DATA_DIR.resolve(LAB).resolve("error"), stem(name)).stream()
                    .filter(p -> !p.toString().endsWith(".reason")).toList();
            assertThat(archived.size() + quarantined.size()).as(name + " is in archive/ or error/ exactly once").isEqualTo(1);

            String rawFileId = jdbc.queryForObject("select id from raw_file where file_name = ?", String.class, name);
            int events = count("select count(*) from canonical_event where raw_file_id = ?", rawFileId);
            List<Map<String, Object>> exceptions = jdbc.queryForList("""
                    select category, reason from hub_exception
                    where partner = 'corpus-lab' and (payload_ref = ? or source_document = ?)""",
                    "raw_file:" + rawFileId, name);
            assertThat(events + exceptions.size()).as(name + " is mapped or has an exception with its reason").isPositive();
            exceptions.forEach(e -> assertThat((String) e.get("reason")).as(name + " " + e.get("category")).isNotBlank());
            assertThat(exceptions).as(name).noneMatch(e -> "DELIVERY_FAILED".equals(e.get("category")));
            if (!quarantined.isEmpty()) {
                assertThat(files(DATA_DIR.resolve(LAB).resolve("error"), stem(name)))
                        .as(name + " has a .reason beside it").anyMatch(p -> p.toString().endsWith(".reason"));
            }
            for (Map<String, Object> exception : exceptions) {
                String category = (String) exception.get("category");
                if (category.equals("EDI_REJECTED") || category.equals("DUPLICATE_INTERCHANGE")) {
                    assertNegativeAcknowledgmentIsInTheOutbox(name, (String) exception.get("reason"));
                }
            }
        }
        for (String route : List.of("partner-inbox-corpus-lab", "document-to-canonical")) {
            assertThat(camel.getRouteController().getRouteStatus(route)).as(route).isEqualTo(ServiceStatus.Started);
        }
    }

    /** The ack an EDI rejection names (EdiFiles appends EdiIntake's ack note) was written to the outbox. */
    private void assertNegativeAcknowledgmentIsInTheOutbox(String name, String reason) {
        if (reason.contains("it holds only functional acknowledgments (FA groups), which are never acknowledged")) {
            return; // X12: a 997/999 is never answered with another one, even when it is rejected
        }
        Matcher ack = ACK_NOTE.matcher(reason);
        assertThat(ack.find()).as(name + ": the rejection names its acknowledgment: " + reason).isTrue();
        String fileName = ack.group(3) != null ? "corpus-lab_CONTRL_" + ack.group(3) + ".edi"
                : "corpus-lab_" + ack.group(1).replace('+', '-') + "_" + ack.group(2) + ".x12";
        assertThat(DATA_DIR.resolve(LAB).resolve("outbox").resolve(fileName)).as(name).exists();
    }

    private boolean settled(String name) {
        return !files(DATA_DIR.resolve(LAB).resolve("archive"), stem(name)).isEmpty()
                || !files(DATA_DIR.resolve(LAB).resolve("error"), stem(name)).isEmpty();
    }

    /** Archived and quarantined copies are renamed name.<timestamp>.ext: match on the part before the extension. */
    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return (dot <= 0 ? name : name.substring(0, dot)) + ".";
    }
}
