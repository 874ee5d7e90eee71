package io.dock2ledger.posting.rules;

import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.posting.DemoExpectations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;

import static io.dock2ledger.posting.rules.PostingFixtures.adjustment;
import static io.dock2ledger.posting.rules.PostingFixtures.adjustmentLine;
import static org.assertj.core.api.Assertions.assertThat;

class AdjustmentPostingTest {

    private final MasterData masterData = PostingFixtures.masterData();
    private final PostingEngine engine = new PostingEngine(masterData, PostingFixtures.rules(masterData),
            new InMemoryPostingState());

    @Test
    void anUnknownReasonCodeStopsTheWholeDocument() {
        PostingOutcome outcome = engine.post(adjustment("ADJ-4009",
                adjustmentLine(1, "MUG-RED", "-1", "AU"), adjustmentLine(2, "MUG-RED", "-2", "ZZ")));

        assertThat(outcome).isEqualTo(new PostingOutcome.Rejected(ExceptionCategory.UNKNOWN_REASON_CODE,
                "ADJ-4009 line 2 has reason code ZZ, which the posting rules do not know; nothing of ADJ-4009 was posted"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"05", "55", "AK"})
    void statusOnlyCodesPostNothing(String code) {
        PostingOutcome outcome = engine.post(adjustment("ADJ-4010", adjustmentLine(1, "MUG-RED", "-12", code)));

        assertThat(outcome).isEqualTo(new PostingOutcome.NothingToPost("ADJ-4010 only changes stock status (reason codes "
                + code + ": hold, release or transfer); nothing moves in the books"));
    }

    @Test
    void statusOnlyLinesAreSkippedBesideValuedOnes() {
        PostingOutcome outcome = engine.post(adjustment("ADJ-4011",
                adjustmentLine(1, "MUG-RED", "-12", "AK"), adjustmentLine(2, "TEA-EARL", "-10", "AX")));

        assertThat(outcome).isInstanceOfSatisfying(PostingOutcome.Posted.class, posted ->
                assertThat(DemoExpectations.byAccount(posted.documents().get(0)))
                        .containsOnlyKeys("5200", "1200")
                        .containsEntry("5200", new BigDecimal("31.00")).containsEntry("1200", new BigDecimal("-31.00")));
    }
}
