package io.dock2ledger.erp;

import io.dock2ledger.posting.documents.DocumentKind;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

import static io.dock2ledger.erp.ErpFixtures.adjustment;
import static io.dock2ledger.erp.ErpFixtures.creditMemo;
import static io.dock2ledger.erp.ErpFixtures.invoice;
import static org.assertj.core.api.Assertions.assertThat;

class ApprovalRulesTest {

    private final ApprovalRules rules = new ApprovalRules(List.of(
            new ErpProperties.ApprovalRule("credit memo above 1000", Set.of(DocumentKind.CREDIT_MEMO), Set.of(), null,
                    new BigDecimal("1000.00"), false),
            new ErpProperties.ApprovalRule("write-off above 500", Set.of(),
                    Set.of("INVENTORY_ADJUSTMENT", "RETURN_SCRAP"), "1200", new BigDecimal("500.00"), false),
            new ErpProperties.ApprovalRule("posting into an adjusted period", Set.of(), Set.of(), null, null, true)));

    @Test
    void creditMemoAboveTheAmountIsHeldAndOneAtTheAmountIsNot() {
        assertThat(rules.holdReason(creditMemo("1000.01")))
                .contains("credit memo above 1000: 1000.01 USD above 1000.00");
        assertThat(rules.holdReason(creditMemo("1000.00"))).isEmpty();
    }

    @Test
    void writeOffAboveTheValueIsHeldButAnInventoryGainIsNot() {
        assertThat(rules.holdReason(adjustment("750.00", true, false)))
                .contains("write-off above 500: 750.00 USD above 500.00");
        assertThat(rules.holdReason(adjustment("750.00", false, false))).isEmpty();
        assertThat(rules.holdReason(adjustment("499.99", true, false))).isEmpty();
    }

    @Test
    void anyPostingIntoAnAdjustedPeriodIsHeld() {
        assertThat(rules.holdReason(adjustment("1.00", false, true)))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("posting into an adjusted period"));
    }

    @Test
    void anOrdinaryInvoiceIsNotHeldAndNoRulesHoldNothing() {
        assertThat(rules.holdReason(invoice("SHP-1", "SO-1"))).isEmpty();
        assertThat(new ApprovalRules(List.of()).holdReason(creditMemo("99999.00"))).isEmpty();
    }
}
