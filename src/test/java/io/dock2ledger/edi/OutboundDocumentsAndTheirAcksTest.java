package io.dock2ledger.edi;

import io.dock2ledger.edi.ack.AckPreferences;
import io.dock2ledger.edi.outbound.OutboundInterchange;
import io.dock2ledger.edi.outbound.X12Party;
import io.dock2ledger.edi.outbound.X12ShippingOrder;
import io.dock2ledger.edi.outbound.X12ShippingOrderWriter;
import io.dock2ledger.edi.read.Disposition;
import io.dock2ledger.edi.read.InterchangeOutcome;
import io.dock2ledger.edi.read.ReceivedFunctionalAck;
import io.dock2ledger.edi.read.ReceivedTa1;
import io.dock2ledger.edi.store.InMemoryControlNumbers;
import io.dock2ledger.edi.syntax.TransactionSchemas;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static io.dock2ledger.edi.EdiTestSupport.CLOCK;
import static io.dock2ledger.edi.EdiTestSupport.segments;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The 940 the hub writes, read the way the 3PL reads it, and the 997 / 999 / TA1 the 3PL sends back, read the way the
 * hub reads them: what the writer puts in (ISA13, GS06, ST02) is what the acknowledgment reader finds again.
 */
class OutboundDocumentsAndTheirAcksTest {

    private static final X12Party HUB = new X12Party("ZZ", "DOCKSIDE", "DOCKSIDE");
    private static final X12Party ACME = new X12Party("ZZ", "ACME3PL", "ACME3PL");

    private final InMemoryControlNumbers numbers = new InMemoryControlNumbers();
    private final X12ShippingOrderWriter writer = new X12ShippingOrderWriter(numbers, new TransactionSchemas(), CLOCK);

    private static X12ShippingOrder order(String orderId, String uom) {
        return new X12ShippingOrder(orderId, new X12ShippingOrder.Name("Dockside Distribution East LLC", "US01"),
                new X12ShippingOrder.Name("Harbor Kitchen Supply", "CUST-1001"),
                new X12ShippingOrder.Name("ACME Logistics 3PL Edison NJ", "NJ1"), LocalDate.of(2026, 11, 30),
                List.of(new X12ShippingOrder.Line(1, new BigDecimal("48.000"), uom, "ACM-0001", "MUG-RED"),
                        new X12ShippingOrder.Line(2, new BigDecimal("8"), uom, "ACM-0107", "KETTLE-1L")));
    }

    @Test
    void the940CarriesTheOrderInThePartnersItemCodesUnderThePartnersControlNumbers() {
        OutboundInterchange first = writer.write("acme-3pl", HUB, ACME, order("SO-50001", "EA"), false, false);
        OutboundInterchange second = writer.write("acme-3pl", HUB, ACME, order("SO-50002", "EA"), true, false);

        List<String> segments = segments(first.content(), '~');
        assertThat(segments.get(0)).isEqualTo("ISA*00*          *00*          *ZZ*DOCKSIDE       *ZZ*ACME3PL        "
                + "*261127*0930*U*00401*000000001*0*P*>");
        assertThat(segments.get(0)).hasSize(105);
        assertThat(segments).containsSubsequence("GS*OW*DOCKSIDE*ACME3PL*20261127*0930*1*X*004010", "ST*940*0001",
                "W05*N*SO-50001", "N1*DE*Dockside Distribution East LLC*91*US01",
                "N1*ST*Harbor Kitchen Supply*91*CUST-1001", "N1*SF*ACME Logistics 3PL Edison NJ*91*NJ1",
                "G62*10*20261130", "LX*1", "W01*48*EA**VN*ACM-0001*SK*MUG-RED", "N9*LI*1", "LX*2",
                "W01*8*EA**VN*ACM-0107*SK*KETTLE-1L", "N9*LI*2", "W76*56", "SE*14*0001", "GE*1*1",
                "IEA*1*000000001");
        assertThat(first.fileName()).isEqualTo("acme-3pl_940_SO-50001_000000001.x12");
        assertThat(List.of(first.interchangeControl(), first.groupControl(), first.setControl()))
                .containsExactly("000000001", "1", "0001");
        assertThat(second.interchangeControl()).isEqualTo("000000002");
        assertThat(second.groupControl()).isEqualTo("2");
        assertThat(segments(second.content(), '~').get(0)).contains("*000000002*1*P*>");
    }

    @Test
    void the3plReadsTheHubs940AsValidAndItsAcknowledgmentMatchesTheGroupAndSet() {
        OutboundInterchange sent = writer.write("acme-3pl", HUB, ACME, order("SO-50001", "EA"), false, false);

        // The 3PL's side: read the 940 and answer it (the hub's own ack writer plays the 3PL's translator here).
        EdiTestSupport.Result atThe3pl = EdiTestSupport.readText(sent.content());
        assertThat(atThe3pl.delivered()).hasSize(1);
        assertThat(atThe3pl.delivered().get(0).json().path("validation").path("level").asText()).isEqualTo("content");
        String ack997 = atThe3pl.report().acknowledgments().get(0).content();
        assertThat(segments(ack997, '~')).contains("AK1*OW*1", "AK2*940*0001", "AK5*A", "AK9*A*1*1*1");

        // The hub's side: read the 997 and find the group and set it answers.
        EdiTestSupport.Result atTheHub = EdiTestSupport.readText(ack997);
        assertThat(atTheHub.report().acknowledgments()).as("a 997 is never acknowledged").isEmpty();
        ReceivedFunctionalAck ack = ReceivedFunctionalAck.from(atTheHub.delivered().get(0).json());
        assertThat(ack.groupControl()).isEqualTo(sent.groupControl());
        assertThat(ack.functionalId()).isEqualTo("OW");
        assertThat(ack.statusOf(sent.setControl())).isEqualTo("A");
        assertThat(ack.errorsOf(sent.setControl())).isEmpty();
    }

    @Test
    void a999RejectingTheSetGivesTheSegmentAndElementInError() {
        // A 940 the 3PL cannot read: a unit of measure with three letters (E0355 is two). The writer would refuse to
        // send it, so the text is edited after writing, as a careless sender's translator might produce it.
        String broken = writer.write("acme-3pl", HUB, ACME, order("SO-50009", "EA"), false, false).content()
                .replace("W01*48*EA*", "W01*48*EAX*");
        EdiTestSupport.Result atThe3pl = EdiTestSupport.readText(EdiTestSupport.intake(), broken,
                new AckPreferences("999", true, false, false));
        String ack999 = atThe3pl.report().acknowledgments().get(0).content();

        EdiTestSupport.Result atTheHub = EdiTestSupport.readText(ack999);
        ReceivedFunctionalAck ack = ReceivedFunctionalAck.from(atTheHub.delivered().get(0).json());
        assertThat(ack.type()).isEqualTo("999");
        assertThat(ack.statusOf("0001")).isEqualTo("R");
        assertThat(ack.groupStatus()).isEqualTo("R");
        assertThat(String.join("; ", ack.errorsOf("0001")))
                .contains("segment W01 at position 8: segment has data element errors (code 8)")
                .contains("W01 element 2 (data element 355): data element too long (code 5), value 'EAX'")
                .contains("one or more segments in error (code 5)");
    }

    @Test
    void aValueTooLongForItsElementIsCaughtBeforeAnythingIsSent() {
        assertThatThrownBy(() -> writer.write("acme-3pl", HUB, ACME, order("SO-" + "9".repeat(30), "EA"), false,
                false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not pass the hub's own 940 schema, so it is not sent")
                .hasMessageContaining("W05");
    }

    @Test
    void realWorld997And999FromTheCorpusAreRead() {
        ReceivedFunctionalAck simple997 = ReceivedFunctionalAck.from(
                EdiTestSupport.read("corpus/x12/staedi/simple997.edi").delivered().get(0).json());
        assertThat(simple997.groupControl()).isEqualTo("000001");
        assertThat(simple997.statusOf("0021")).isEqualTo("R");
        assertThat(simple997.errorsOf("0021")).containsExactly(
                "segment NM1 at position 8: segment has data element errors (code 8)",
                "NM1 element 8 (data element 66): invalid code value (code 7), value 'MI'",
                "one or more segments in error (code 5)");

        ReceivedFunctionalAck simple999 = ReceivedFunctionalAck.from(
                EdiTestSupport.read("corpus/x12/staedi/simple999.edi").delivered().get(0).json());
        assertThat(simple999.groupStatus()).isEqualTo("P");
        assertThat(simple999.statusOf("0001")).isEqualTo("A");
        assertThat(simple999.statusOf("0002")).isEqualTo("R");
        assertThat(simple999.statusOf("0003")).isEqualTo("R");
        assertThat(simple999.errorsOf("0002")).first().asString().startsWith("segment CLM at position 22");
    }

    @Test
    void aGroupLevelAcknowledgmentSettlesSetsItDoesNotList() {
        String ack = """
                ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*DOCKSIDE       *261127*1000*U*00401*000000950*0*P*>~
                GS*FA*ACME3PL*DOCKSIDE*20261127*1000*950*X*004010~
                ST*997*0001~
                AK1*OW*17~
                AK9*A*1*1*1~
                SE*4*0001~
                GE*1*950~
                IEA*1*000000950~
                """;
        ReceivedFunctionalAck read = ReceivedFunctionalAck.from(EdiTestSupport.readText(ack).delivered().get(0).json());
        assertThat(read.groupControl()).isEqualTo("17");
        assertThat(read.sets()).isEmpty();
        assertThat(read.statusOf("0001")).isEqualTo("A");
    }

    @Test
    void aTa1InAPartnersInterchangeIsReportedForMatching() {
        String ta1 = """
                ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*DOCKSIDE       *261127*1000*U*00401*000000951*0*P*>~
                TA1*000000007*261127*0930*R*006~
                IEA*0*000000951~
                """;
        EdiTestSupport.Result result = EdiTestSupport.readText(ta1);
        assertThat(result.report().interchanges()).hasSize(1);
        InterchangeOutcome interchange = result.report().interchanges().get(0);
        assertThat(interchange.disposition()).isEqualTo(Disposition.ACCEPTED);
        assertThat(interchange.receivedTa1s()).containsExactly(
                new ReceivedTa1("000000007", "261127", "0930", "R", "006"));
        assertThat(result.report().acknowledgments()).as("a TA1 is never answered").isEmpty();
    }

}
