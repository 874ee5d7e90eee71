package io.dock2ledger.canonical;

import java.util.Arrays;

/** The event types of the accounting contract (docs/posting.md). */
public enum EventType {
    GOODS_RECEIVED("goods.received"),
    SHIPMENT_CONFIRMED("shipment.confirmed"),
    RETURN_RECEIVED("return.received"),
    INVENTORY_ADJUSTED("inventory.adjusted"),
    TRANSFER_SHIPPED("transfer.shipped"),
    TRANSFER_RECEIVED("transfer.received"),
    LANDED_COST_CHARGED("landed-cost.charged");

    private final String code;

    EventType(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static EventType fromCode(String code) {
        return Arrays.stream(values())
                .filter(t -> t.code.equals(code))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown canonical event type '" + code + "'"));
    }
}
