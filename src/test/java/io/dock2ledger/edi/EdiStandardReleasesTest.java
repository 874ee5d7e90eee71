package io.dock2ledger.edi;

import io.dock2ledger.edi.read.Disposition;
import io.dock2ledger.edi.read.GroupOutcome;
import io.dock2ledger.edi.read.TransactionOutcome;
import io.dock2ledger.edi.syntax.EdiStandard;
import io.dock2ledger.edi.syntax.EdiTransaction;
import io.dock2ledger.edi.syntax.TransactionSchemas;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.dock2ledger.edi.EdiTestSupport.read;
import static io.dock2ledger.edi.EdiTestSupport.segments;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * GS08 chooses the schema, and the schema is the standard's full table for that release (issue 14): a 945 that uses
 * only what the 004010 table allows is accepted, one that breaks the table is still rejected with the standard's codes,
 * and a release the hub has no table for is refused, never validated against another release's table.
 */
class EdiStandardReleasesTest {

    @Test
    void a4010ShippingAdviceWithPerInTheN1LoopG72W10AndNoW27IsAccepted() {
        EdiTestSupport.Result result = read("edi/fixtures/945_4010_per_g72_w10_no_w27.x12");

        TransactionOutcome set = onlyTransaction(result);
        assertThat(set.problems()).isEmpty();
        assertThat(set.disposition()).isEqualTo(Disposition.ACCEPTED);
        assertThat(result.delivered()).singleElement().satisfies(transaction -> {
            assertThat(transaction.json().path("validation").path("schema").asText()).isEqualTo("x12/945");
            assertThat(transaction.json().path("validation").path("release").asText()).isEqualTo("004010");
            // Segments the hub does not map are kept in the set's JSON (and the raw file), not dropped.
            assertThat(ids(transaction)).containsExactly("W06", "N1", "N3", "N4", "PER", "N1", "PER", "N9", "G62",
                    "W10", "G72", "LX", "MAN", "W12", "G69", "LX", "W12", "W03");
        });
        assertThat(segments(result.report().acknowledgments().get(0).content(), '~'))
                .contains("AK2*945*0001", "AK5*A", "AK9*A*1*1*1")
                .noneMatch(s -> s.startsWith("AK3"));
    }

    @Test
    void a5030ShippingAdviceWithPerG72W10AndNoW27IsValidatedAgainstThe5030TableAndAccepted() {
        EdiTestSupport.Result result = read("edi/fixtures/945_005030_per_g72_w10_no_w27.x12");

        TransactionOutcome set = onlyTransaction(result);
        assertThat(set.problems()).isEmpty();
        assertThat(set.disposition()).isEqualTo(Disposition.ACCEPTED);
        assertThat(result.delivered()).singleElement().satisfies(transaction -> assertThat(
                transaction.json().path("validation").path("release").asText()).isEqualTo("005030"));
        assertThat(segments(result.report().acknowledgments().get(0).content(), '~'))
                .contains("AK2*945*0001", "AK5*A", "AK9*A*1*1*1");
    }

    @Test
    void a3020ShippingAdviceWithoutW27IsRejectedBecauseThatReleaseMadeItMandatory() {
        EdiTestSupport.Result result = read("edi/fixtures/945_003020_no_w27.x12");

        assertThat(result.delivered()).isEmpty();
        TransactionOutcome set = onlyTransaction(result);
        assertThat(set.disposition()).isEqualTo(Disposition.REJECTED);
        assertThat(segments(result.report().acknowledgments().get(0).content(), '~'))
                .contains("AK3*W27*5**3", "AK5*R*5");
    }

    @Test
    void a4010ShippingAdviceWithoutW0601IsStillRejectedWithAk3AndAk4() {
        EdiTestSupport.Result result = read("edi/fixtures/945_4010_missing_W0601.x12");

        assertThat(result.delivered()).isEmpty();
        TransactionOutcome set = onlyTransaction(result);
        assertThat(set.disposition()).isEqualTo(Disposition.REJECTED);
        assertThat(set.reasons()).contains("element W0601 (data element 473): mandatory data element missing");
        assertThat(segments(result.report().acknowledgments().get(0).content(), '~'))
                .contains("AK3*W06*2**8", "AK4*1*473*1", "AK5*R*5", "AK9*R*1*1*0");
    }

    @Test
    void aReleaseWithoutATableIsRefusedWithAk5Code1AndAk9Code2() {
        EdiTestSupport.Result result = read("edi/fixtures/945_004030_unsupported_release.x12");

        assertThat(result.delivered()).isEmpty();
        TransactionOutcome set = onlyTransaction(result);
        assertThat(set.disposition()).isEqualTo(Disposition.REJECTED);
        assertThat(set.schemaId()).as("not validated against the 004010 table").isNull();
        assertThat(set.reasons()).contains("945 is X12 release 004030 (GS08 '004030')", "it has 003020, 004010, 005010, 005030",
                "refused rather than validated against another release's table");
        GroupOutcome group = result.report().interchanges().get(0).groups().get(0);
        assertThat(group.disposition()).isEqualTo(Disposition.REJECTED);
        List<String> ack = segments(result.report().acknowledgments().get(0).content(), '~');
        assertThat(ack).contains("GS*FA*DOCKSIDE*ACME3PL*20261127*0930*1*X*004030", "AK2*945*0001", "AK5*R*1",
                "AK9*R*1*1*0*2").noneMatch(s -> s.startsWith("AK3"));
        assertThat(result.report().rejectionReasons()).contains("release 004030");
    }

    @Test
    void theReleaseIsReadFromGs08AndItsSuffixIgnored() {
        TransactionSchemas schemas = new TransactionSchemas();

        assertThat(TransactionSchemas.release("004010VICS")).isEqualTo("004010");
        assertThat(TransactionSchemas.release("005010X231A1")).isEqualTo("005010");
        assertThat(schemas.choose(EdiStandard.X12, "945", "004010UCS").schema()).isPresent();
        assertThat(schemas.choose(EdiStandard.X12, "945", "004030").releaseNotSupported()).isTrue();
        assertThat(schemas.choose(EdiStandard.X12, "846", "004030").releaseNotSupported())
                .as("a type the hub validates in no release is checked at envelope level, as before").isFalse();
        assertThat(schemas.releasesOf("945")).containsExactly("003020", "004010", "005010", "005030");
    }

    private static List<String> ids(EdiTransaction transaction) {
        return transaction.json().path("segments").findValuesAsText("id");
    }

    private static TransactionOutcome onlyTransaction(EdiTestSupport.Result result) {
        assertThat(result.report().interchanges()).hasSize(1);
        return result.report().interchanges().get(0).allTransactions().get(0);
    }
}
