package io.dock2ledger.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.edi.outbound.OutboundInterchange;
import io.dock2ledger.edi.read.ReceivedTa1;
import io.dock2ledger.edi.syntax.EdiStandard;
import io.dock2ledger.exceptions.ExceptionOwners;
import io.dock2ledger.exceptions.ExceptionRecorder;
import io.dock2ledger.partners.PartnerRegistry;
import io.dock2ledger.persistence.Databases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The matching rules of {@link PartnerAcknowledgments} on a real (H2) database, without the routes: what each answer
 * does to the document and which exceptions it leaves, including answers read twice and answers that contradict.
 */
class PartnerAcknowledgmentsTest {

    private static final Instant SENT = Instant.parse("2026-11-28T09:00:00Z");

    private final JdbcTemplate jdbc = new JdbcTemplate(Databases.freshH2());
    private final Clock clock = Clock.fixed(SENT.plus(Duration.ofMinutes(10)), ZoneOffset.UTC);
    private final OutboundDocuments documents = new OutboundDocuments(jdbc);
    private final ExceptionRecorder exceptions = new ExceptionRecorder(jdbc,
            ExceptionOwners.load(Path.of("config/exception-owners.yaml"),
                    new PartnerRegistry(Path.of("config/partners"))), clock, new SimpleMeterRegistry());
    private final PartnerAcknowledgments acknowledgments = new PartnerAcknowledgments(documents, exceptions, clock,
            new SimpleMeterRegistry());

    private OutboundDocument sent(String order, int control) {
        return documents.recordSent("acme-3pl", order, "h".repeat(64), new OutboundInterchange(EdiStandard.X12, "940",
                "acme-3pl_940_" + order + ".x12", "ISA...", String.format("%09d", control), String.valueOf(control),
                "0001"), SENT, SENT.plus(Duration.ofHours(4)));
    }

    /** The JSON form of a 997 (docs/edi.md) as the EDI reader hands it over. */
    private static JsonNode ack(String interchange, String group, String setStatus, String groupStatus) throws Exception {
        String set = setStatus == null ? "" : """
                {"id": "AK2", "AK201": "940", "AK202": "0001"},
                {"id": "AK3", "AK301": "W01", "AK302": "8", "AK304": "8"},
                {"id": "AK4", "AK401": "5", "AK402": "234", "AK403": "7", "AK404": "ACM-9999"},
                {"id": "AK5", "AK501": "%s", "AK502": "5"},""".formatted(setStatus);
        return new ObjectMapper().readTree("""
                {"standard": "X12", "interchange": {"control": "%s"}, "transaction": {"type": "997", "control": "0001"},
                 "segments": [{"id": "AK1", "AK101": "OW", "AK102": "%s"}, %s {"id": "AK9", "AK901": "%s"}]}"""
                .formatted(interchange, group, set, groupStatus));
    }

    private int open(String category) {
        Integer n = jdbc.queryForObject("select count(*) from hub_exception where status = 'OPEN' and category = ?",
                Integer.class, category);
        return n == null ? 0 : n;
    }

    @Test
    void aRejectionReadTwiceIsAppliedAndReportedOnce() throws Exception {
        OutboundDocument document = sent("SO-1", 11);
        JsonNode rejecting = ack("000000500", "11", "R", "R");

        assertThat(acknowledgments.functionalAcknowledgment("acme-3pl", rejecting, "997.x12", "raw_file:1")).isEqualTo(1);
        assertThat(acknowledgments.functionalAcknowledgment("acme-3pl", rejecting, "997.x12", "raw_file:1")).isEqualTo(1);

        OutboundDocument rejected = documents.byId(document.id()).orElseThrow();
        assertThat(rejected.status()).isEqualTo(OutboundStatus.REJECTED);
        assertThat(rejected.ackDetail()).isEqualTo("997 in interchange 000000500: rejected - segment W01 at position 8: "
                + "segment has data element errors (code 8); W01 element 5 (data element 234): invalid code value "
                + "(code 7), value 'ACM-9999'; one or more segments in error (code 5)");
        assertThat(rejected.acknowledgedAt()).isEqualTo(clock.instant());
        assertThat(open("OUTBOUND_REJECTED")).isEqualTo(1);
        assertThat(documents.standing("acme-3pl", "940", "SO-1")).isEmpty();
    }

    @Test
    void anAcceptanceAfterARejectionLeavesTheDocumentRejectedAndIsReported() throws Exception {
        OutboundDocument document = sent("SO-2", 12);
        acknowledgments.functionalAcknowledgment("acme-3pl", ack("000000501", "12", "R", "R"), "a.x12", "raw_file:2");

        acknowledgments.functionalAcknowledgment("acme-3pl", ack("000000502", "12", "A", "A"), "b.x12", "raw_file:3");

        assertThat(documents.byId(document.id()).orElseThrow().status()).isEqualTo(OutboundStatus.REJECTED);
        assertThat(jdbc.queryForObject("select reason from hub_exception where category = 'UNMATCHED_ACKNOWLEDGMENT'",
                String.class)).contains("which the partner had already rejected").contains("status kept REJECTED");
    }

    @Test
    void aGroupVerdictSettlesTheSetAndAnAcceptedTa1LeavesItWaiting() throws Exception {
        OutboundDocument withTa1 = sent("SO-3", 13);
        acknowledgments.interchangeAcknowledgment("acme-3pl", new ReceivedTa1("000000013", "261128", "0905", "A", "000"),
                "000000503", "ta1.x12", "raw_file:4");
        assertThat(documents.byId(withTa1.id()).orElseThrow())
                .extracting(OutboundDocument::status, OutboundDocument::interchangeStatus)
                .containsExactly(OutboundStatus.SENT, "ACCEPTED");

        acknowledgments.functionalAcknowledgment("acme-3pl", ack("000000504", "13", null, "E"), "c.x12", "raw_file:5");

        assertThat(documents.byId(withTa1.id()).orElseThrow().status()).isEqualTo(OutboundStatus.ACCEPTED_WITH_ERRORS);
        assertThat(open("OUTBOUND_REJECTED") + open("UNMATCHED_ACKNOWLEDGMENT")).isZero();
    }

    @Test
    void overdueIsMarkedOnceAndALateAcknowledgmentResolvesIt() throws Exception {
        OutboundDocument late = sent("SO-4", 14);
        Clock later = Clock.fixed(SENT.plus(Duration.ofHours(5)), ZoneOffset.UTC);
        PartnerAcknowledgments afterFiveHours = new PartnerAcknowledgments(documents, exceptions, later,
                new SimpleMeterRegistry());

        assertThat(acknowledgments.markOverdue()).as("not due yet at +10 min").isZero();
        assertThat(afterFiveHours.markOverdue()).isEqualTo(1);
        assertThat(afterFiveHours.markOverdue()).isZero();
        assertThat(open("ACK_OVERDUE")).isEqualTo(1);

        afterFiveHours.functionalAcknowledgment("acme-3pl", ack("000000505", "14", "A", "A"), "d.x12", "raw_file:6");

        assertThat(documents.byId(late.id()).orElseThrow().status()).isEqualTo(OutboundStatus.ACCEPTED);
        assertThat(open("ACK_OVERDUE")).isZero();
    }

    @Test
    void answersToNothingTheHubSentAreReportedNotDropped() throws Exception {
        sent("SO-5", 15);
        acknowledgments.functionalAcknowledgment("acme-3pl", ack("000000506", "999", "A", "A"), "e.x12", "raw_file:7");
        acknowledgments.functionalAcknowledgment("wh-east", ack("000000507", "15", "A", "A"), "f.x12", "raw_file:8");
        acknowledgments.interchangeAcknowledgment("acme-3pl", new ReceivedTa1("000000099", "261128", "0905", "R", "006"),
                "000000508", "g.x12", "raw_file:9");

        assertThat(jdbc.queryForList("select reason from hub_exception where category = 'UNMATCHED_ACKNOWLEDGMENT' "
                + "order by id", String.class)).containsExactly(
                "The 997 acknowledges functional group 999 (OW), which the hub never sent to acme-3pl",
                "The 997 acknowledges functional group 15 (OW), which the hub never sent to wh-east",
                "The TA1 answers interchange 000000099, which the hub never sent to acme-3pl");
        assertThat(documents.standing("acme-3pl", "940", "SO-5").orElseThrow().status()).isEqualTo(OutboundStatus.SENT);
    }
}
