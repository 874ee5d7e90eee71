package io.dock2ledger.posting.rules;

import io.dock2ledger.masterdata.MasterData;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Validates loaded account rules: every mandatory account present and in the chart of accounts, every basis known. */
final class RuleBookCheck {

    private final MasterData masterData;
    private final String prefix;
    private final List<String> problems;

    RuleBookCheck(MasterData masterData, String prefix, List<String> problems) {
        this.masterData = masterData;
        this.prefix = prefix;
        this.problems = problems;
    }

    void check(AccountMap rules) {
        if (section("shipment", rules.shipment())) {
            AccountMap.Shipment s = rules.shipment();
            account("shipment.receivable", s.receivable());
            account("shipment.revenue", s.revenue());
            account("shipment.tax-payable", s.taxPayable());
            account("shipment.cost-of-goods-sold", s.costOfGoodsSold());
            account("shipment.inventory", s.inventory());
        }
        if (section("receipt", rules.receipt())) {
            account("receipt.inventory", rules.receipt().inventory());
            account("receipt.goods-received-not-invoiced", rules.receipt().goodsReceivedNotInvoiced());
        }
        if (section("return", rules.returns())) {
            AccountMap.Return r = rules.returns();
            account("return.returns", r.returns());
            account("return.tax-payable", r.taxPayable());
            account("return.receivable", r.receivable());
            account("return.cost-of-goods-sold", r.costOfGoodsSold());
            if (r.dispositions().isEmpty()) {
                missing("return.dispositions");
            }
            r.dispositions().forEach((disposition, value) ->
                    accountOr("return.dispositions." + disposition, value, AccountMap.WAIT));
        }
        if (section("adjustment", rules.adjustment())) {
            account("adjustment.inventory", rules.adjustment().inventory());
            if (rules.adjustment().reasonCodes().isEmpty()) {
                missing("adjustment.reason-codes");
            }
            rules.adjustment().reasonCodes().forEach((code, value) ->
                    accountOr("adjustment.reason-codes." + code, value, AccountMap.NO_POSTING));
        }
        if (section("transfer", rules.transfer())) {
            AccountMap.Transfer t = rules.transfer();
            account("transfer.inventory", t.inventory());
            account("transfer.intercompany-receivable", t.intercompanyReceivable());
            account("transfer.intercompany-payable", t.intercompanyPayable());
        }
        if (section("landed-cost", rules.landedCost())) {
            Map<String, AccountMap.Charge> charges = rules.landedCost().charges();
            if (charges.isEmpty()) {
                missing("landed-cost.charges");
            }
            charges.forEach(this::charge);
        }
    }

    private void charge(String type, AccountMap.Charge charge) {
        String key = "landed-cost.charges." + type;
        if (charge == null) {
            missing(key);
            return;
        }
        if (charge.basis() == null || charge.basis().isBlank()) {
            missing(key + ".basis");
        } else if (AllocationBasis.fromConfig(charge.basis()).isEmpty()) {
            problems.add(prefix + key + ".basis: '" + charge.basis() + "' is not one of "
                    + Arrays.stream(AllocationBasis.values()).map(AllocationBasis::configName)
                    .collect(Collectors.joining(" | ")));
        }
        account(key + ".inventory", charge.inventory());
        account(key + ".accrual", charge.accrual());
    }

    private boolean section(String key, Object section) {
        if (section == null) {
            missing(key);
            return false;
        }
        return true;
    }

    private void accountOr(String key, String value, String keyword) {
        if (!keyword.equals(value)) {
            account(key, value);
        }
    }

    private void account(String key, String account) {
        if (account == null || account.isBlank()) {
            missing(key);
        } else if (masterData.account(account).isEmpty()) {
            problems.add(prefix + key + ": account '" + account
                    + "' is not in the chart of accounts (master data gl_accounts)");
        }
    }

    private void missing(String key) {
        problems.add(prefix + key + " is missing and is mandatory");
    }
}
