package io.dock2ledger.posting.rules;

import io.dock2ledger.masterdata.FiscalPeriod;
import io.dock2ledger.masterdata.MasterData;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/**
 * Turns a business date into a posting date under the configured policy. A period counts as open only when
 * master data lists it as open: a period finance has not opened yet is as closed as one it has closed.
 */
public final class PeriodPolicy {

    private final MasterData masterData;
    private final PeriodPolicyMode mode;

    public PeriodPolicy(MasterData masterData, PeriodPolicyMode mode) {
        this.masterData = masterData;
        this.mode = mode;
    }

    /** Where a document posts, or why it cannot. */
    public sealed interface Decision {
    }

    public record PostOn(LocalDate date, boolean periodAdjusted) implements Decision {
        public String period() {
            return YearMonth.from(date).toString();
        }
    }

    public record Hold(String reason) implements Decision {
    }

    public Decision decide(String entity, LocalDate businessDate) {
        List<FiscalPeriod> periods = masterData.fiscalPeriods(entity);
        YearMonth period = YearMonth.from(businessDate);
        boolean open = periods.stream().anyMatch(p -> p.period().equals(period) && p.isOpen());
        if (open) {
            return new PostOn(businessDate, false);
        }
        if (mode == PeriodPolicyMode.HOLD) {
            return new Hold("The business date " + businessDate + " falls in period " + period + " of " + entity
                    + ", which is not open; the period policy is hold, so finance must approve the posting");
        }
        Optional<YearMonth> nextOpen = periods.stream()
                .filter(p -> p.isOpen() && p.period().isAfter(period))
                .map(FiscalPeriod::period)
                .min(YearMonth::compareTo);
        return nextOpen.<Decision>map(next -> new PostOn(next.atDay(1), true))
                .orElseGet(() -> new Hold("The business date " + businessDate + " falls in period " + period
                        + " of " + entity + ", which is not open, and no later period of " + entity
                        + " is open to roll forward to"));
    }
}
