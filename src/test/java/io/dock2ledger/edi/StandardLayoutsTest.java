package io.dock2ledger.edi;

import io.dock2ledger.edi.read.Disposition;
import io.dock2ledger.edi.read.TransactionOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.dock2ledger.edi.EdiTestSupport.read;
import static io.dock2ledger.edi.EdiTestSupport.segments;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real warehouse layouts against the standard's tables (issue 14 item 5): every layout that keeps to the X12 table of
 * its release is accepted, whatever segments of that table it uses; a public sample is refused only for what the
 * standard itself forbids (or a release the hub has no table for), and the reason says which.
 */
class StandardLayoutsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "edi/layouts/945_4010_pick-pack_per_w10_g72.x12",
            "edi/layouts/945_4010_ltl_w6_w28_w10_g72.x12",
            "edi/layouts/944_4010_receiving_per_w13.x12",
            "edi/layouts/947_4010_cycle-count_n9_nte.x12",
            "edi/layouts/940_4010_order_per_nte_w20.x12",
            "edi/fixtures/945_005030_per_g72_w10_no_w27.x12",
            "corpus/x12/edi-engine/940.OK.edi",
            "corpus/x12/edi-engine/940.2.OK.edi",
            "corpus/x12/edi-engine/856.Crossdock.OK.edi",
            "corpus/x12/bots-plugins/856_1.x12",
            "corpus/x12/bots-plugins/856_2.x12",
            "corpus/x12/oopfactory-x12parser/_856/FromGregarican.txt",
            "corpus/x12/oopfactory-x12parser/_856/Example1.txt",
            "corpus/x12/oopfactory-x12parser/_856/Example3.txt",
            "corpus/x12/staedi/ts210_80char.edi"})
    void aLayoutThatKeepsToItsReleasesTableIsAcceptedWithAnAcceptingAcknowledgment(String file) {
        EdiTestSupport.Result result = read(file);

        List<TransactionOutcome> sets = result.report().transactions();
        assertThat(sets).as(file).isNotEmpty().allSatisfy(set -> {
            assertThat(set.problems()).as(file + " " + set.label()).isEmpty();
            assertThat(set.disposition()).isEqualTo(Disposition.ACCEPTED);
            assertThat(set.schemaId()).as("validated by content, not only its envelope").isNotNull();
        });
        assertThat(result.delivered()).hasSameSizeAs(sets);
        assertThat(segments(result.report().acknowledgments().get(0).content(),
                result.report().interchanges().get(0).envelope().delimiters().segment()))
                .anyMatch(s -> s.matches("AK9.A.*")).noneMatch(s -> s.startsWith("AK3"));
    }

    /** Refused, each for a rule of the standard (or of the envelope) that the file breaks, named in the reason. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "corpus/x12/oopfactory-x12parser/_856/Example4.txt | element N402 (data element 156): data element too long (value 'LOCSTATE')",
            "corpus/x12/oopfactory-x12parser/_210/DBSchenker_SampleMotorFreightDetailsAndInvoice.txt | element G6202 (data element 373): invalid date (value '030826')",
            "corpus/x12/oopfactory-x12parser/_940/simplot.txt | GE02 group control number '940001777' does not match",
            "corpus/x12/oopfactory-x12parser/_945/inter-americanproducts.txt | ST02: data element too long (value '0003100001')",
            "corpus/x12/node-x12/856.edi | 856 is X12 release 004060 (GS08 '004060'), for which the hub has no 856 schema",
            "corpus/x12/oopfactory-x12parser/_180/FromLowes.txt | 180 is X12 release 005040 (GS08 '005040')"})
    void aPublicSampleIsRefusedOnlyForWhatTheStandardForbids(String file, String reason) {
        EdiTestSupport.Result result = read(file);

        assertThat(result.report().transactions()).as(file).isNotEmpty()
                .allSatisfy(set -> assertThat(set.disposition()).isEqualTo(Disposition.REJECTED));
        assertThat(result.report().rejectionReasons()).as(file).contains(reason)
                .doesNotContain("segment is not defined for this transaction set");
    }

    @Test
    void theIssuesRejectionOfPerG62AndW27IsGone() {
        // The 945 of the issue was answered AK3*N1*4**6, AK3*G62*7**6, AK3*W27*8**3 by the hub's first schema.
        EdiTestSupport.Result result = read("edi/layouts/945_4010_pick-pack_per_w10_g72.x12");

        assertThat(segments(result.report().acknowledgments().get(0).content(), '~'))
                .contains("AK2*945*0001", "AK5*A", "AK9*A*1*1*1").noneMatch(s -> s.startsWith("AK3"));
        assertThat(result.delivered().get(0).json().path("segments").findValuesAsText("id"))
                .as("segments the hub does not map are kept in the set's JSON")
                .contains("PER", "W10", "G72", "MAN").doesNotContain("W27");
    }
}
