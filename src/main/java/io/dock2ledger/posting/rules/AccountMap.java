package io.dock2ledger.posting.rules;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;
import java.util.Optional;

/**
 * The accounts one legal entity posts to, per event kind: {@code config/posting-rules.yaml} with that entity's
 * overrides applied. Built and validated by {@link RuleBook#load}; rules only read it.
 */
public record AccountMap(
        Shipment shipment,
        Receipt receipt,
        @JsonProperty("return") Return returns,
        Adjustment adjustment,
        Transfer transfer,
        LandedCost landedCost) {

    /** A reason code or disposition value that means "no posting" / "not final yet". */
    static final String NO_POSTING = "none";
    static final String WAIT = "wait";

    public record Shipment(String receivable, String revenue, String taxPayable, String costOfGoodsSold,
                           String inventory) {
    }

    public record Receipt(String inventory, String goodsReceivedNotInvoiced) {
    }

    /** {@code dispositions}: disposition -> account debited at standard cost, or {@code wait}. */
    public record Return(String returns, String taxPayable, String receivable, String costOfGoodsSold,
                         Map<String, String> dispositions) {

        public Return {
            dispositions = dispositions == null ? Map.of() : Map.copyOf(dispositions);
        }
    }

    /** {@code reasonCodes}: reason code -> variance account, or {@code none}. */
    public record Adjustment(String inventory, Map<String, String> reasonCodes) {

        public Adjustment {
            reasonCodes = reasonCodes == null ? Map.of() : Map.copyOf(reasonCodes);
        }
    }

    public record Transfer(String inventory, String intercompanyReceivable, String intercompanyPayable) {
    }

    public record LandedCost(Map<String, Charge> charges) {

        public LandedCost {
            charges = charges == null ? Map.of() : Map.copyOf(charges);
        }

        public Optional<Charge> charge(String chargeType) {
            return Optional.ofNullable(charges.get(chargeType));
        }
    }

    /** One charge type: how it is allocated, the account capitalised and the accrual credited. */
    public record Charge(String basis, String inventory, String accrual) {

        public AllocationBasis allocationBasis() {
            return AllocationBasis.fromConfig(basis)
                    .orElseThrow(() -> new IllegalStateException("unvalidated basis " + basis));
        }
    }
}
