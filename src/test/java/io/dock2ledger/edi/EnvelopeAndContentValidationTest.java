package io.dock2ledger.edi;

import io.dock2ledger.edi.ack.AckDocument;
import io.dock2ledger.edi.ack.AckPreferences;
import io.dock2ledger.edi.read.Disposition;
import io.dock2ledger.edi.read.GroupOutcome;
import io.dock2ledger.edi.read.InterchangeOutcome;
import io.dock2ledger.edi.read.TransactionOutcome;
import io.dock2ledger.edi.syntax.EdiProblem;
import io.dock2ledger.edi.syntax.EdiTransaction;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.dock2ledger.edi.EdiTestSupport.read;
import static io.dock2ledger.edi.EdiTestSupport.segments;
import static org.assertj.core.api.Assertions.assertThat;

/** Broken envelopes and contents are rejected with specific reasons and acknowledgment codes. */
class EnvelopeAndContentValidationTest {

    @Test
    void wrongSegmentCountRejectsTheSetWithAk5Code4() {
        EdiTestSupport.Result result = read("edi/fixtures/945_wrong_SE01.x12");

        assertThat(result.delivered()).isEmpty();
        TransactionOutcome set = onlyTransaction(result);
        assertThat(set.disposition()).isEqualTo(Disposition.REJECTED);
        assertThat(set.reasons()).contains("SE01 says 12 segments but the transaction has 13");
        List<String> ack = segments(result.report().acknowledgments().get(0).content(), '~');
        assertThat(ack).contains("AK2*945*0001", "AK5*R*4", "AK9*R*1*1*0");
    }

    @Test
    void corpusSetWithWrongCountAndShiftedElementsIsRejectedWithSegmentAndElementErrors() {
        EdiTestSupport.Result result = read("corpus/x12/edi-engine/940_Failed_SE01.edi");

        assertThat(result.delivered()).isEmpty();
        TransactionOutcome set = onlyTransaction(result);
        assertThat(set.reasons()).contains("SE01 says 12 segments but the transaction has 9",
                "element W0101 (data element 330): mandatory data element missing");
        List<String> ack = segments(result.report().acknowledgments().get(0).content(), '\n');
        assertThat(ack).contains("AK2*940*20066", "AK3*W01*5**8", "AK4*1*330*1", "AK5*R*5*4", "AK9*R*1*1*0");
    }

    @Test
    void invalidQuantityIsAnElementErrorWithItsValue() {
        EdiTestSupport.Result result = read("edi/fixtures/945_bad_quantity.x12");

        assertThat(result.delivered()).isEmpty();
        TransactionOutcome set = onlyTransaction(result);
        assertThat(set.reasons()).contains("Segment W12 at position 9, element W1203 (data element 382)",
                "value '4X'");
        List<String> ack = segments(result.report().acknowledgments().get(0).content(), '~');
        assertThat(ack).contains("AK3*W12*9**8", "AK4*3*382*6*4X", "AK5*R*5");
    }

    @Test
    void missingMandatorySegmentIsASegmentError() {
        EdiTestSupport.Result result = read("edi/fixtures/945_missing_W03.x12");

        assertThat(result.delivered()).isEmpty();
        TransactionOutcome set = onlyTransaction(result);
        assertThat(set.reasons()).contains("Segment W03", "mandatory segment missing");
        assertThat(segments(result.report().acknowledgments().get(0).content(), '~'))
                .anyMatch(s -> s.startsWith("AK3*W03*") && s.endsWith("**3"))
                .contains("AK5*R*5");
    }

    @Test
    void oneBadSetInAGroupIsRejectedAndTheOtherDelivered() {
        EdiTestSupport.Result result = read("edi/fixtures/945_one_good_one_bad.x12");

        assertThat(result.delivered()).extracting(EdiTransaction::control).containsExactly("0001");
        GroupOutcome group = result.report().interchanges().get(0).groups().get(0);
        assertThat(group.disposition()).isEqualTo(Disposition.PARTIALLY_ACCEPTED);
        assertThat(segments(result.report().acknowledgments().get(0).content(), '~'))
                .contains("AK2*945*0001", "AK5*A", "AK2*945*0002", "AK5*R*5", "AK9*P*2*2*1");
    }

    @Test
    void mismatchedControlNumbersRejectTheInterchangeWithATa1() {
        EdiTestSupport.Result result = read("corpus/x12/edi-engine/ControlNumbersMismatch.edi");

        assertThat(result.delivered()).isEmpty();
        InterchangeOutcome interchange = result.report().interchanges().get(0);
        assertThat(interchange.disposition()).isEqualTo(Disposition.REJECTED);
        assertThat(interchange.problems()).extracting(EdiProblem::reason)
                .contains("IEA02 control number '000003439' does not match ISA control number '000003438'");
        assertThat(interchange.groups().get(0).problems()).extracting(EdiProblem::reason)
                .contains("GE02 group control number '3315' does not match the header's '3314'");
        assertThat(interchange.allTransactions().get(0).reasons())
                .contains("SE02 control number '0002' does not match ST02 '0001'");
        AckDocument ack = result.report().acknowledgments().get(0);
        assertThat(ack.kind()).isEqualTo("TA1");
        assertThat(segments(ack.content(), '\n')).contains("TA1*000003438*101127*1719*R*001", "IEA*0*000000001");
    }

    @Test
    void wrongGroupAndSetCountsRejectTheInterchange() {
        EdiTestSupport.Result result = read("corpus/x12/edi-engine/WrongGroupsAndTranCount.edi");

        assertThat(result.delivered()).isEmpty();
        InterchangeOutcome interchange = result.report().interchanges().get(0);
        assertThat(interchange.problems()).extracting(EdiProblem::reason)
                .contains("IEA01 says 2 functional groups but the interchange has 1");
        assertThat(interchange.groups().get(0).problems()).extracting(EdiProblem::reason)
                .contains("GE01 says 2 transaction sets but the group has 1");
        assertThat(interchange.groups().get(0).problems()).extracting(EdiProblem::x12GroupCode).contains("5");
        assertThat(segments(result.report().acknowledgments().get(0).content(), '\n'))
                .anyMatch(s -> s.matches("TA1\\*000003438\\*\\d{6}\\*\\d{4}\\*R\\*021"));
    }

    @Test
    void nonEdiInputIsRejectedWithAClearReasonAndNoAcknowledgment() {
        EdiTestSupport.Result result = read("corpus/x12/edi-engine/NonEdi.edi");

        assertThat(result.delivered()).isEmpty();
        assertThat(result.report().rejected()).isTrue();
        assertThat(result.report().interchanges()).isEmpty();
        assertThat(result.report().acknowledgments()).isEmpty();
        assertThat(result.report().fileProblems()).singleElement().extracting(EdiProblem::reason).asString()
                .startsWith("Not an EDI file: it starts with 'Tk9OIEVESSBGSUxFISAasadsdfs'");
    }

    @Test
    void truncatedFileRejectsTheInterchangeWithTa1PrematureEndOfFile() {
        EdiTestSupport.Result result = read("edi/fixtures/945_truncated.x12");

        assertThat(result.delivered()).isEmpty();
        InterchangeOutcome interchange = result.report().interchanges().get(0);
        assertThat(interchange.disposition()).isEqualTo(Disposition.REJECTED);
        assertThat(interchange.problems()).anyMatch(p -> p.reason().startsWith("Interchange 000000101 is incomplete")
                && "023".equals(p.ta1NoteCode()));
        assertThat(segments(result.report().acknowledgments().get(0).content(), '~'))
                .contains("TA1*000000101*261126*1405*R*023");
    }

    @Test
    void byteOrderMarkAndCrLfLineEndsAreAccepted() {
        EdiTestSupport.Result result = read("edi/fixtures/945_bom_crlf.x12");

        assertThat(result.delivered()).singleElement().extracting(EdiTransaction::type).isEqualTo("945");
        assertThat(result.report().interchanges().get(0).disposition()).isEqualTo(Disposition.ACCEPTED);
    }

    @Test
    void corpusFilesWithByteOrderMarkAndIndentedSegmentsAreRead() {
        EdiTestSupport.Result result = read("corpus/x12/oopfactory-x12parser/_856/FromGregarican.txt");

        assertThat(result.delivered()).singleElement().extracting(EdiTransaction::type).isEqualTo("856");
        assertThat(result.delivered().get(0).contentValidated()).as("checked against the x12/856 schema").isTrue();
    }

    @Test
    void setTypeWithoutSchemaIsCheckedAtEnvelopeLevelOnly() {
        EdiTestSupport.Result result = read("corpus/x12/oopfactory-x12parser/_846/Example1.txt");

        assertThat(result.delivered()).isNotEmpty().allSatisfy(t -> assertThat(t.contentValidated()).isFalse());
        assertThat(result.report().transactions().get(0).note())
                .isEqualTo("no X12 schema for 846: envelope checked only");
    }

    /**
     * The reader leaves one set's schema set until the next set's header chooses its own, so that StAEDI keeps its
     * validator between sets of one type; the header must then always set one, also none: a set of a type without a
     * schema after a 945, in the same group or in the next, is read at envelope level only, never against the 945's
     * table (it was, in the same group, when the header set nothing for a type without a schema), and a 945 after it is
     * validated against its table again.
     */
    @Test
    void aSetsSchemaNeverValidatesTheNextSetOfAnotherType() {
        String isa = "ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*DOCKSIDE       *261126*1405*U*00401*"
                + "000000101*0*P*>~";
        String inventory = "ST*846*0002~BIA*00*CM*10353*20261126~LIN*1*VN*ACM-0001~QTY*33*5~SE*5*0002~";
        String sameGroup = isa + "GS*SW*ACME3PL*DOCKSIDE*20261126*1405*101*X*004010~"
                + shipment("0001", "W03*11*10.00*KG~") + inventory + "GE*2*101~IEA*1*000000101~";
        String nextGroup = isa + "GS*SW*ACME3PL*DOCKSIDE*20261126*1405*101*X*004010~"
                + shipment("0001", "W03*11*10.00*KG~") + "GE*1*101~"
                + "GS*IB*ACME3PL*DOCKSIDE*20261126*1405*102*X*004010~" + inventory + "GE*1*102~"
                + "GS*SW*ACME3PL*DOCKSIDE*20261126*1405*103*X*004010~" + shipment("0003", "") + "GE*1*103~"
                + "IEA*3*000000101~";

        for (String edi : List.of(sameGroup, nextGroup)) {
            EdiTestSupport.Result result = EdiTestSupport.readText(edi);

            assertThat(result.delivered()).extracting(EdiTransaction::control).containsExactly("0001", "0002");
            assertThat(result.delivered().get(1).contentValidated()).as("846: no schema, envelope only").isFalse();
            List<TransactionOutcome> sets = result.report().transactions();
            assertThat(sets.get(1).disposition()).isEqualTo(Disposition.ACCEPTED);
            assertThat(sets.get(1).note()).isEqualTo("no X12 schema for 846: envelope checked only");
        }
        List<TransactionOutcome> sets = EdiTestSupport.readText(nextGroup).report().transactions();
        assertThat(sets.get(2).disposition()).as("the 945 after the 846 is validated against its table again")
                .isEqualTo(Disposition.REJECTED);
        assertThat(sets.get(2).reasons()).contains("Segment W03", "mandatory segment missing");
    }

    /** Sets of one type are each validated on their own: one set's errors or segment counts never reach the next. */
    @Test
    void setsOfOneTypeAreEachValidatedOnTheirOwn() {
        String isa = "ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*DOCKSIDE       *261126*1405*U*00401*"
                + "000000101*0*P*>~";
        String edi = isa + "GS*SW*ACME3PL*DOCKSIDE*20261126*1405*101*X*004010~"
                + shipment("0001", "W03*11*10.00*KG~") + shipment("0002", "") + shipment("0003", "W03*11*10.00*KG~")
                + "GE*3*101~IEA*1*000000101~";

        EdiTestSupport.Result result = EdiTestSupport.readText(edi);

        assertThat(result.delivered()).extracting(EdiTransaction::control).containsExactly("0001", "0003");
        List<TransactionOutcome> sets = result.report().transactions();
        assertThat(sets).extracting(TransactionOutcome::disposition)
                .containsExactly(Disposition.ACCEPTED, Disposition.REJECTED, Disposition.ACCEPTED);
        assertThat(sets.get(1).reasons()).contains("Segment W03", "mandatory segment missing");
        assertThat(segments(result.report().acknowledgments().get(0).content(), '~'))
                .contains("AK2*945*0001", "AK5*A", "AK2*945*0002", "AK5*R*5", "AK2*945*0003", "AK9*P*3*3*2");
    }

    /** A 945 with one W12 line; {@code w03} is its W03 segment, or "" to leave the mandatory W03 out. */
    private static String shipment(String control, String w03) {
        int count = w03.isEmpty() ? 8 : 9;
        return "ST*945*" + control + "~W06*N*SO-50002*20261126*SHP-" + control + "~"
                + "N1*ST*Blue Ridge Cafe Group*91*CUST-1002~N1*SF*ACME Logistics Edison*91*NJ1~"
                + "W27*M*UPSN~LX*1~W12*CC*4*4*0*CA**VN*ACM-0330~" + w03 + "SE*" + count + "*" + control + "~";
    }

    @Test
    void isaWithoutFixedWidthPaddingIsRepaddedAndRead() {
        EdiTestSupport.Result result = read("corpus/x12/edi-net/x12.810a.edi");

        assertThat(result.delivered()).singleElement().extracting(EdiTransaction::type).isEqualTo("810");
        assertThat(result.delivered().get(0).json().path("interchange").path("sender").asText())
                .isEqualTo("ABCMUSICSUPPLY");
    }

    @Test
    void unknownInterchangeVersionIsRejectedInsteadOfLookingEmpty() {
        EdiTestSupport.Result result = read("corpus/x12/oopfactory-x12parser/_810/Example5_Walmart.txt");

        InterchangeOutcome interchange = result.report().interchanges().get(0);
        assertThat(interchange.disposition()).isEqualTo(Disposition.REJECTED);
        assertThat(interchange.problems()).anyMatch(p -> p.reason().contains("ISA12 interchange version '00040'")
                && "017".equals(p.ta1NoteCode()));
    }

    @Test
    void mailbagWithChangingSeparatorsYieldsEveryInterchange() {
        EdiTestSupport.Result own = read("edi/fixtures/mailbag_945_947.x12");

        assertThat(own.delivered()).extracting(EdiTransaction::type).containsExactly("945", "947");
        assertThat(own.report().acknowledgments()).hasSize(2);
        AckDocument second = own.report().acknowledgments().get(1);
        assertThat(second.content()).contains("AK1|AW|104").contains("AK5|A").doesNotContain("~");

        EdiTestSupport.Result bots = read("corpus/x12/bots-plugins/mailbag01.x12");
        assertThat(bots.report().interchanges()).hasSize(8);
        assertThat(bots.report().interchanges()).extracting(i -> i.envelope().delimiters().component())
                .contains('>', ':', '@', '+', '}');
        assertThat(bots.delivered()).extracting(EdiTransaction::type).contains("850", "820", "997");
    }

    @Test
    void multipleInterchangesWithUnpaddedTrailerControlNumbersAreAcceptedWithANote() {
        EdiTestSupport.Result result = read("corpus/x12/edi-engine/MultipleInterchangesAndGroups.edi");

        assertThat(result.report().interchanges()).hasSize(2)
                .allMatch(i -> i.disposition() == Disposition.ACCEPTED_WITH_ERRORS);
        assertThat(result.report().interchanges().get(0).problems()).extracting(EdiProblem::reason)
                .contains("IEA02 control number '3438' equals ISA control number '000003438' only as a number "
                        + "(not written the same way)");
        assertThat(result.delivered()).hasSize(6).extracting(EdiTransaction::type).containsOnly("940");
        assertThat(result.report().acknowledgments()).hasSize(2);
    }

    @Test
    void resentInterchangeIsRejectedAsDuplicate() {
        EdiIntake intake = EdiTestSupport.intake();
        EdiTestSupport.Result first = read(intake, "edi/demo/945_SHP-9002.x12", AckPreferences.DEFAULT);
        EdiTestSupport.Result again = read(intake, "edi/demo/945_SHP-9002.x12", AckPreferences.DEFAULT);

        assertThat(first.delivered()).hasSize(1);
        assertThat(again.delivered()).isEmpty();
        InterchangeOutcome interchange = again.report().interchanges().get(0);
        assertThat(interchange.duplicate()).isTrue();
        assertThat(interchange.disposition()).isEqualTo(Disposition.REJECTED);
        assertThat(segments(again.report().acknowledgments().get(0).content(), '~'))
                .contains("TA1*000000101*261126*1405*R*025");
    }

    @Test
    void edifactWithAndWithoutUnaAndWrappedLinesAreRead() {
        EdiTestSupport.Result withUna = read("corpus/edifact/staedi/invoic_d93a_una.edi");
        EdiTestSupport.Result withoutUna = read("corpus/edifact/staedi/invoic_d97b.edi");
        EdiTestSupport.Result wrapped = read("corpus/edifact/staedi/wrapped_invoic_d97b.edi");

        assertThat(withUna.delivered()).singleElement().extracting(EdiTransaction::type).isEqualTo("INVOIC");
        assertThat(withUna.report().interchanges().get(0).envelope().delimiters().decimal()).isEqualTo(',');
        assertThat(withoutUna.delivered()).singleElement().extracting(EdiTransaction::type).isEqualTo("INVOIC");
        assertThat(wrapped.delivered()).singleElement().extracting(EdiTransaction::type).isEqualTo("INVOIC");
        assertThat(wrapped.delivered().get(0).json().path("segments"))
                .isEqualTo(withoutUna.delivered().get(0).json().path("segments"));
        assertThat(withoutUna.delivered().get(0).json().path("transaction").path("version").asText())
                .isEqualTo("D:97B:UN");
    }

    @Test
    void edifactCompositesAreKeyedByComponent() {
        EdiTestSupport.Result result = read("edi/fixtures/desadv_contrl_requested.edi");

        EdiTransaction message = result.delivered().get(0);
        assertThat(message.json().path("interchange").path("sender").asText()).isEqualTo("ACME3PL");
        assertThat(message.json().path("interchange").path("senderQualifier").asText()).isEqualTo("ZZ");
        assertThat(message.json().has("group")).isFalse();
        assertThat(message.json().path("transaction").path("version").asText()).isEqualTo("D:96A:UN:EAN005");
        var qty = message.json().path("segments").findParents("id").stream()
                .filter(s -> "QTY".equals(s.path("id").asText())).findFirst().orElseThrow();
        assertThat(qty.path("QTY01_1").asText()).isEqualTo("12");
        assertThat(qty.path("QTY01_2").asText()).isEqualTo("10");
        assertThat(qty.path("QTY01_3").asText()).isEqualTo("EA");
    }

    @Test
    void edifactMessageCountMismatchRejectsTheInterchange() {
        EdiTestSupport.Result result = read("corpus/edifact/edi-net/edifact.Issue188.edi");

        assertThat(result.delivered()).isEmpty();
        InterchangeOutcome interchange = result.report().interchanges().get(0);
        assertThat(interchange.disposition()).isEqualTo(Disposition.REJECTED);
        assertThat(interchange.problems()).extracting(EdiProblem::reason)
                .contains("UNZ01 says 1 messages/groups but the interchange has 4");
        assertThat(interchange.allTransactions()).allMatch(t -> !t.accepted() && !t.reasons().isEmpty());
    }

    private static TransactionOutcome onlyTransaction(EdiTestSupport.Result result) {
        List<TransactionOutcome> all = result.report().transactions();
        assertThat(all).hasSize(1);
        return all.get(0);
    }
}
