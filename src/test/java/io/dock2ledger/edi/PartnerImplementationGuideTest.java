package io.dock2ledger.edi;

import io.dock2ledger.edi.ack.AckPreferences;
import io.dock2ledger.edi.read.Disposition;
import io.dock2ledger.edi.read.InterchangeOutcome;
import io.dock2ledger.edi.read.TransactionOutcome;
import io.dock2ledger.intake.read.EdiDocuments;
import io.dock2ledger.partners.EdiIdentity;
import io.dock2ledger.partners.ImplementationGuide;
import io.dock2ledger.partners.Partner;
import io.dock2ledger.partners.PartnerRegistry;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.dock2ledger.edi.EdiTestSupport.read;
import static io.dock2ledger.edi.EdiTestSupport.segments;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A partner's implementation guide tightens the standard (issue 14 item 2), read from real registry files
 * (src/test/resources/edi/partners): the standard's table first, then the guide; a violation is E or R as the partner
 * agreed, with the AK3/AK4 (IK3/IK4) codes the standard gives that kind of error. And the acknowledgment of a foreign
 * sender's interchange never goes to that sender (item 4).
 */
class PartnerImplementationGuideTest {

    private static final PartnerRegistry GUIDED = new PartnerRegistry(Path.of("src/test/resources/edi/partners"));

    @Test
    void aSegmentTheGuideRequiresButTheStandardDoesNotIsAcceptedWithErrorsWhenThePartnerSaysE() {
        EdiTestSupport.Result result = read(EdiTestSupport.intake(), "edi/fixtures/945_4010_per_g72_w10_no_w27.x12",
                preferencesOf("harbor-3pl"));

        TransactionOutcome set = onlyTransaction(result);
        assertThat(set.disposition()).isEqualTo(Disposition.ACCEPTED_WITH_ERRORS);
        assertThat(set.reasons()).contains("segment W27 is missing; the partner's implementation guide requires it");
        assertThat(result.delivered()).as("accepted with errors: the invoice still posts").hasSize(1);
        assertThat(segments(result.report().acknowledgments().get(0).content(), '~'))
                .contains("AK2*945*0001", "AK3*W27*20**3", "AK5*E*5", "AK9*E*1*1*1");
    }

    @Test
    void theSameFileWithoutTheGuideIsPlainlyAccepted() {
        EdiTestSupport.Result result = read(EdiTestSupport.intake(), "edi/fixtures/945_4010_per_g72_w10_no_w27.x12",
                preferencesOf("acme-3pl", new PartnerRegistry(Path.of("config/partners"))));

        assertThat(onlyTransaction(result).disposition()).isEqualTo(Disposition.ACCEPTED);
        assertThat(segments(result.report().acknowledgments().get(0).content(), '~')).contains("AK5*A")
                .noneMatch(s -> s.startsWith("AK3"));
    }

    @Test
    void aCodeOutsideTheGuidesNarrowedListIsRejectedWithIk3AndIk4InThe999WhenThePartnerSaysR() {
        EdiTestSupport.Result result = read(EdiTestSupport.intake(), "edi/fixtures/945_4010_per_g72_w10_no_w27.x12",
                preferencesOf("pier-9-logistics"));

        TransactionOutcome set = onlyTransaction(result);
        assertThat(set.disposition()).isEqualTo(Disposition.REJECTED);
        assertThat(set.reasons()).contains("element N101 (data element 98): code 'SF' is not one the partner's "
                + "implementation guide allows [ST, BT]");
        assertThat(result.delivered()).isEmpty();
        assertThat(segments(result.report().acknowledgments().get(0).content(), '~'))
                .contains("ST*999*0001*005010X231", "AK2*945*0001", "IK3*N1*7**8", "IK4*1*98*7*SF", "IK5*R*5",
                        "AK9*R*1*1*0");
    }

    @Test
    void aSetTheStandardRejectsIsRejectedForThatAndTheGuideIsNotApplied() {
        EdiTestSupport.Result result = read(EdiTestSupport.intake(), "edi/fixtures/945_4010_missing_W0601.x12",
                preferencesOf("harbor-3pl"));

        TransactionOutcome set = onlyTransaction(result);
        assertThat(set.disposition()).isEqualTo(Disposition.REJECTED);
        assertThat(set.reasons()).contains("W0601").doesNotContain("implementation guide");
        assertThat(segments(result.report().acknowledgments().get(0).content(), '~'))
                .contains("AK3*W06*2**8", "AK4*1*473*1", "AK5*R*5");
    }

    @Test
    void aGuideDeclaresOnlyEOrRAndElementsByPosition() {
        assertThatThrownBy(() -> new ImplementationGuide("W", List.of(), Map.of()))
                .hasMessageContaining("onViolation must be R or E");
        assertThatThrownBy(() -> new ImplementationGuide("R", List.of(), Map.of("shipTo", List.of("ST"))))
                .hasMessageContaining("'shipTo' is not a segment id and element position");
        assertThat(new ImplementationGuide(null, null, null).rejects()).as("R unless the partner agreed E").isTrue();
    }

    @Test
    void aForeignSendersBrokenInterchangeIsNotAcknowledgedToThatSenderAndTheReasonIsRecorded() {
        EdiTestSupport.Result result = read(EdiTestSupport.intake(), "edi/fixtures/945_foreign_sender_broken_envelope.x12",
                preferencesOf("acme-3pl", new PartnerRegistry(Path.of("config/partners"))));

        InterchangeOutcome interchange = result.report().interchanges().get(0);
        assertThat(interchange.disposition()).isEqualTo(Disposition.REJECTED);
        assertThat(result.report().acknowledgments()).as("no TA1 to OTHER3PL through acme-3pl's outbox").isEmpty();
        assertThat(interchange.ackNote()).contains("no acknowledgment: the ISA sender ZZ/OTHER3PL is not partner "
                + "acme-3pl (ZZ/ACME3PL)", "edi.foreignSenderAcks: none");
    }

    @Test
    void aPartnerMayTakeTheAcknowledgmentOfAForeignSendersInterchangeAddressedToItself() {
        EdiIdentity acme = new PartnerRegistry(Path.of("config/partners")).partner("acme-3pl").orElseThrow().edi();
        EdiIdentity relaying = new EdiIdentity(acme.isaQualifier(), acme.isaId(), acme.gsCode(), acme.edifactId(),
                acme.functionalAck(), acme.functionalAcks(), acme.ta1(), acme.contrl(), acme.guides(), "partner");

        EdiTestSupport.Result result = read(EdiTestSupport.intake(), "edi/fixtures/945_foreign_sender_broken_envelope.x12",
                EdiDocuments.preferences(relaying));

        List<String> ack = segments(result.report().acknowledgments().get(0).content(), '~');
        assertThat(ack.get(0)).as("ISA07/ISA08 are acme-3pl's, as its own acknowledgments are")
                .contains("*ZZ*DOCKSIDE       *ZZ*ACME3PL        *").doesNotContain("OTHER3PL");
        assertThat(ack).anyMatch(s -> s.startsWith("TA1*000000201*") && s.contains("*R*"));
        assertThat(result.report().interchanges().get(0).ackNote())
                .contains("addressed to partner acme-3pl (ACME3PL, edi.foreignSenderAcks: partner)");
    }

    private static AckPreferences preferencesOf(String partner) {
        return preferencesOf(partner, GUIDED);
    }

    private static AckPreferences preferencesOf(String partner, PartnerRegistry registry) {
        Partner found = registry.partner(partner).orElseThrow();
        return EdiDocuments.preferences(found.edi());
    }

    private static TransactionOutcome onlyTransaction(EdiTestSupport.Result result) {
        assertThat(result.report().interchanges()).hasSize(1);
        return result.report().interchanges().get(0).allTransactions().get(0);
    }
}
