package io.dock2ledger.edi;

import com.fasterxml.jackson.databind.JsonNode;
import io.dock2ledger.edi.ack.AckDocument;
import io.dock2ledger.edi.read.Disposition;
import io.dock2ledger.edi.read.InterchangeOutcome;
import io.dock2ledger.edi.syntax.EdiTransaction;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.StreamSupport;

import static io.dock2ledger.edi.EdiTestSupport.read;
import static io.dock2ledger.edi.EdiTestSupport.segments;
import static org.assertj.core.api.Assertions.assertThat;

/** The three demo files of ACME Logistics become one valid transaction each and are accepted with a 997. */
class DemoTransactionsTest {

    @Test
    void shippingAdviceBecomesOneTransactionWithItsSegmentsAsJson() {
        EdiTestSupport.Result result = read("edi/demo/945_SHP-9002.x12");

        assertThat(result.delivered()).hasSize(1);
        EdiTransaction transaction = result.delivered().get(0);
        JsonNode json = transaction.json();
        assertThat(json.path("standard").asText()).isEqualTo("X12");
        assertThat(json.path("partner").asText()).isEqualTo("acme-3pl");
        assertThat(json.path("interchange").path("sender").asText()).isEqualTo("ACME3PL");
        assertThat(json.path("interchange").path("senderQualifier").asText()).isEqualTo("ZZ");
        assertThat(json.path("interchange").path("receiver").asText()).isEqualTo("DOCKSIDE");
        assertThat(json.path("interchange").path("control").asText()).isEqualTo("000000101");
        assertThat(json.path("interchange").path("date").asText()).isEqualTo("2026-11-26");
        assertThat(json.path("interchange").path("test").asBoolean()).isFalse();
        assertThat(json.path("group").path("functionalId").asText()).isEqualTo("SW");
        assertThat(json.path("group").path("control").asText()).isEqualTo("101");
        assertThat(json.path("group").path("version").asText()).isEqualTo("004010");
        assertThat(json.path("transaction").path("type").asText()).isEqualTo("945");
        assertThat(json.path("transaction").path("control").asText()).isEqualTo("0001");
        assertThat(json.path("validation").path("schema").asText()).isEqualTo("x12/945");
        assertThat(transaction.contentValidated()).isTrue();

        JsonNode w06 = segment(transaction, "W06").get(0);
        assertThat(w06.path("W0601").asText()).isEqualTo("N");
        assertThat(w06.path("W0602").asText()).isEqualTo("SO-50002");
        assertThat(w06.path("W0603").asText()).isEqualTo("20261126");
        assertThat(w06.path("W0604").asText()).isEqualTo("SHP-9002");

        List<JsonNode> lines = segment(transaction, "W12");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).path("W1201").asText()).isEqualTo("CC");
        assertThat(lines.get(0).path("W1203").asText()).isEqualTo("4");
        assertThat(lines.get(0).path("W1205").asText()).isEqualTo("CA");
        assertThat(lines.get(0).path("W1208").asText()).isEqualTo("ACM-0330");
        assertThat(lines.get(0).has("W1206")).as("empty elements are left out").isFalse();
        assertThat(lines.get(1).path("W1201").asText()).isEqualTo("PR");
        assertThat(lines.get(1).path("W1202").asText()).isEqualTo("24");
        assertThat(lines.get(1).path("W1203").asText()).isEqualTo("12");
        assertThat(lines.get(1).path("W1204").asText()).isEqualTo("12");
        assertThat(lines.get(1).path("W1208").asText()).isEqualTo("ACM-0002");

        List<String> ids = StreamSupport.stream(transaction.segments().spliterator(), false)
                .map(s -> s.path("id").asText()).toList();
        assertThat(ids).containsExactly("W06", "N1", "N1", "N9", "G62", "W27", "LX", "W12", "LX", "W12", "W03");
    }

    @Test
    void receiptAdviceBecomesOneTransaction() {
        EdiTestSupport.Result result = read("edi/demo/944_RCV-3001.x12");

        assertThat(result.delivered()).hasSize(1);
        EdiTransaction transaction = result.delivered().get(0);
        assertThat(transaction.type()).isEqualTo("944");
        JsonNode w17 = segment(transaction, "W17").get(0);
        assertThat(w17.path("W1703").asText()).isEqualTo("RCV-3001");
        assertThat(w17.path("W1704").asText()).isEqualTo("PO-70001");
        List<JsonNode> lines = segment(transaction, "W07");
        assertThat(lines).extracting(l -> l.path("W0701").asText()).containsExactly("20", "240");
        assertThat(lines).extracting(l -> l.path("W0705").asText()).containsExactly("ACM-0001", "ACM-0002");
        assertThat(segment(transaction, "W14").get(0).path("W1401").asText()).isEqualTo("260");
    }

    @Test
    void adjustmentAdviceKeepsSignedQuantities() {
        EdiTestSupport.Result result = read("edi/demo/947_ADJ-4001.x12");

        assertThat(result.delivered()).hasSize(1);
        EdiTransaction transaction = result.delivered().get(0);
        assertThat(transaction.type()).isEqualTo("947");
        assertThat(segment(transaction, "W15").get(0).path("W1502").asText()).isEqualTo("ADJ-4001");
        List<JsonNode> lines = segment(transaction, "W19");
        assertThat(lines).extracting(l -> l.path("W1901").asText()).containsExactly("AV", "AA");
        assertThat(lines).extracting(l -> l.path("W1902").asText()).containsExactly("-6", "2");
        assertThat(lines).extracting(l -> l.path("W1906").asText()).containsExactly("ACM-0107", "ACM-0001");
    }

    @Test
    void eachDemoGroupIsAcceptedWithA997ThatSwapsTheEnvelopeIds() {
        String[][] demos = {
                {"edi/demo/945_SHP-9002.x12", "SW", "101", "945"},
                {"edi/demo/944_RCV-3001.x12", "AR", "102", "944"},
                {"edi/demo/947_ADJ-4001.x12", "AW", "103", "947"}};
        for (String[] demo : demos) {
            EdiTestSupport.Result result = read(demo[0]);

            assertThat(result.report().acknowledgments()).hasSize(1);
            AckDocument ack = result.report().acknowledgments().get(0);
            assertThat(ack.kind()).isEqualTo("997");
            assertThat(ack.fileName()).isEqualTo("acme-3pl_997_000000001.x12");
            List<String> segments = segments(ack.content(), '~');
            assertThat(segments.get(0)).startsWith("ISA*00*          *00*          *ZZ*DOCKSIDE       *ZZ*ACME3PL   ")
                    .contains("*U*00401*000000001*0*P*>");
            assertThat(segments.get(0)).hasSize(105);
            assertThat(segments).contains(
                    "GS*FA*DOCKSIDE*ACME3PL*20261127*0930*1*X*004010",
                    "ST*997*0001",
                    "AK1*" + demo[1] + "*" + demo[2],
                    "AK2*" + demo[3] + "*0001",
                    "AK5*A",
                    "AK9*A*1*1*1",
                    "SE*6*0001",
                    "GE*1*1",
                    "IEA*1*000000001");
            InterchangeOutcome interchange = result.report().interchanges().get(0);
            assertThat(interchange.disposition()).isEqualTo(Disposition.ACCEPTED);
            assertThat(interchange.groups().get(0).disposition()).isEqualTo(Disposition.ACCEPTED);
        }
    }

    private static List<JsonNode> segment(EdiTransaction transaction, String id) {
        return StreamSupport.stream(transaction.segments().spliterator(), false)
                .filter(s -> id.equals(s.path("id").asText())).toList();
    }
}
