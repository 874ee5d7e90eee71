package io.dock2ledger.edi;

import io.dock2ledger.edi.ack.AckDocument;
import io.dock2ledger.edi.ack.AckPreferences;
import io.dock2ledger.edi.read.Disposition;
import io.dock2ledger.edi.read.InterchangeOutcome;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.dock2ledger.edi.EdiTestSupport.read;
import static io.dock2ledger.edi.EdiTestSupport.segments;
import static org.assertj.core.api.Assertions.assertThat;

/** TA1, 999 and CONTRL are written when asked for or when the envelope is broken, in the partner's delimiters. */
class AcknowledgmentTest {

    @Test
    void interchangeAskingForAnAcknowledgmentGetsATa1BeforeIts997() {
        EdiTestSupport.Result result = read("edi/fixtures/945_ack_requested.x12");

        AckDocument ack = result.report().acknowledgments().get(0);
        assertThat(ack.kind()).isEqualTo("TA1+997");
        List<String> segments = segments(ack.content(), '~');
        assertThat(segments.get(1)).isEqualTo("TA1*000000101*261126*1405*A*000");
        assertThat(segments).contains("AK1*SW*101", "AK5*A", "IEA*1*000000001");
        assertThat(result.delivered()).hasSize(1);
    }

    @Test
    void partnerPreferring999GetsIk5AndImplementationVersion() {
        EdiTestSupport.Result ok = read(EdiTestSupport.intake(), "edi/demo/945_SHP-9002.x12",
                new AckPreferences("999", true, false, false));
        List<String> accepted = segments(ok.report().acknowledgments().get(0).content(), '~');
        assertThat(accepted).contains("GS*FA*DOCKSIDE*ACME3PL*20261127*0930*1*X*005010X231",
                "ST*999*0001*005010X231", "AK1*SW*101*004010", "AK2*945*0001", "IK5*A", "AK9*A*1*1*1");

        EdiTestSupport.Result bad = read(EdiTestSupport.intake(), "edi/fixtures/945_bad_quantity.x12",
                new AckPreferences("999", true, false, false));
        AckDocument ack = bad.report().acknowledgments().get(0);
        assertThat(ack.kind()).isEqualTo("999");
        assertThat(segments(ack.content(), '~')).contains("IK3*W12*9**8", "IK4*3*382*6*4X", "IK5*R*5",
                "AK9*R*1*1*0");
    }

    @Test
    void edifactInterchangeAskingForAcknowledgmentGetsAnAcceptingContrl() {
        EdiTestSupport.Result result = read("edi/fixtures/desadv_contrl_requested.edi");

        assertThat(result.delivered()).hasSize(1);
        AckDocument contrl = result.report().acknowledgments().get(0);
        assertThat(contrl.kind()).isEqualTo("CONTRL");
        assertThat(contrl.fileName()).isEqualTo("acme-3pl_CONTRL_1.edi");
        List<String> segments = segments(contrl.content(), '\'');
        assertThat(segments).containsExactly(
                "UNA:+.?",
                "UNB+UNOC:3+DOCKSIDE:ZZ+ACME3PL:ZZ+261127:0930+1",
                "UNH+1+CONTRL:D:3:UN",
                "UCI+DES0001+ACME3PL:ZZ+DOCKSIDE:ZZ+7",
                "UCM+1+DESADV:D:96A:UN:EAN005+7",
                "UNT+4+1",
                "UNZ+1+1");
    }

    @Test
    void edifactMessageWithWrongSegmentCountIsRejectedInTheContrl() {
        EdiTestSupport.Result result = read("edi/fixtures/desadv_wrong_unt.edi");

        assertThat(result.delivered()).isEmpty();
        assertThat(result.report().transactions().get(0).reasons())
                .contains("UNT01 says 7 segments but the transaction has 9");
        assertThat(segments(result.report().acknowledgments().get(0).content(), '\''))
                .contains("UCI+DES0002+ACME3PL:ZZ+DOCKSIDE:ZZ+7", "UCM+1+DESADV:D:96A:UN:EAN005+4+29");
    }

    @Test
    void brokenEdifactInterchangeGetsARejectingContrlEvenWhenNoneWasRequested() {
        EdiTestSupport.Result result = read("edi/fixtures/desadv_wrong_unz.edi");

        InterchangeOutcome interchange = result.report().interchanges().get(0);
        assertThat(interchange.envelope().ackRequested()).isFalse();
        assertThat(interchange.disposition()).isEqualTo(Disposition.REJECTED);
        assertThat(result.delivered()).isEmpty();
        assertThat(segments(result.report().acknowledgments().get(0).content(), '\''))
                .contains("UCI+DES0001+ACME3PL:ZZ+DOCKSIDE:ZZ+4+29");
    }

    @Test
    void edifactWithoutRequestGetsNoContrlAndSaysWhy() {
        EdiTestSupport.Result result = read("corpus/edifact/staedi/invoic_d97b.edi");

        assertThat(result.report().acknowledgments()).isEmpty();
        assertThat(result.report().interchanges().get(0).ackNote())
                .isEqualTo("no CONTRL: UNB 0031 does not request one and neither the interchange nor a message in it is rejected");
    }

    @Test
    void functionalAcknowledgmentsAreNeverAcknowledged() {
        EdiTestSupport.Result result = read("corpus/x12/staedi/simple997.edi");

        assertThat(result.report().acknowledgments()).isEmpty();
        assertThat(result.report().interchanges().get(0).ackNote()).contains("never acknowledged");
    }

    @Test
    void acknowledgmentsTakeSuccessiveControlNumbers() {
        EdiIntake intake = EdiTestSupport.intake();
        AckDocument first = read(intake, "edi/demo/945_SHP-9002.x12", AckPreferences.DEFAULT).report()
                .acknowledgments().get(0);
        AckDocument second = read(intake, "edi/demo/944_RCV-3001.x12", AckPreferences.DEFAULT).report()
                .acknowledgments().get(0);

        assertThat(first.controlNumber()).isEqualTo("000000001");
        assertThat(second.controlNumber()).isEqualTo("000000002");
        assertThat(second.content()).contains("GS*FA*DOCKSIDE*ACME3PL*20261127*0930*2*X*004010");
    }
}
