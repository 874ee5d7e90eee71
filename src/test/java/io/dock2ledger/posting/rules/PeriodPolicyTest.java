package io.dock2ledger.posting.rules;

import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.masterdata.MasterData;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static io.dock2ledger.posting.rules.PostingFixtures.line;
import static io.dock2ledger.posting.rules.PostingFixtures.shipment;
import static org.assertj.core.api.Assertions.assertThat;

class PeriodPolicyTest {

    private static final LocalDate OCT_15 = LocalDate.of(2026, 10, 15);

    private final MasterData masterData = PostingFixtures.masterData();
    private final RuleBook rules = PostingFixtures.rules(masterData);

    @Test
    void aClosedPeriodRollsForwardToTheFirstDayOfTheNextOpenPeriod() {
        PostingEngine engine = new PostingEngine(masterData, rules, new InMemoryPostingState());

        PostingOutcome outcome = engine.post(shipment("SHP-9030", "SO-50001", OCT_15, line(1, "MUG-RED", "12")));

        assertThat(outcome).isInstanceOfSatisfying(PostingOutcome.Posted.class, posted ->
                assertThat(posted.documents()).hasSize(2).allSatisfy(document -> {
                    assertThat(document.entity()).isEqualTo("US01");
                    assertThat(document.postingDate()).isEqualTo(LocalDate.of(2026, 11, 1));
                    assertThat(document.period()).isEqualTo("2026-11");
                    assertThat(document.periodAdjusted()).isTrue();
                }));
    }

    @Test
    void underTheHoldPolicyAClosedPeriodIsAnExceptionAndNothingIsRemembered() {
        InMemoryPostingState state = new InMemoryPostingState();
        PostingEngine engine = new PostingEngine(masterData, rules.withPeriodPolicy(PeriodPolicyMode.HOLD), state);

        PostingOutcome outcome = engine.post(shipment("SHP-9031", "SO-50001", OCT_15, line(1, "MUG-RED", "12")));

        assertThat(outcome).isEqualTo(new PostingOutcome.Rejected(ExceptionCategory.CLOSED_PERIOD_HOLD,
                "SHP-9031: The business date 2026-10-15 falls in period 2026-10 of US01, which is not open;"
                        + " the period policy is hold, so finance must approve the posting"));
        assertThat(state.orderLine("SO-50001", 1).shipped()).isEqualByComparingTo("0");
    }

    @Test
    void anOpenPeriodPostsOnTheBusinessDate() {
        PeriodPolicy policy = new PeriodPolicy(masterData, PeriodPolicyMode.HOLD);

        assertThat(policy.decide("US02", LocalDate.of(2026, 12, 31)))
                .isEqualTo(new PeriodPolicy.PostOn(LocalDate.of(2026, 12, 31), false));
    }

    @Test
    void withNoLaterOpenPeriodEvenRollForwardHolds() {
        PeriodPolicy policy = new PeriodPolicy(masterData, PeriodPolicyMode.ROLL_FORWARD);

        assertThat(policy.decide("US01", LocalDate.of(2027, 1, 4))).isEqualTo(new PeriodPolicy.Hold(
                "The business date 2027-01-04 falls in period 2027-01 of US01, which is not open, and no later"
                        + " period of US01 is open to roll forward to"));
    }
}
