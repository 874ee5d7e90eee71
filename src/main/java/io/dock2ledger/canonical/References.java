package io.dock2ledger.canonical;

/**
 * Business references an event carries; each event type needs some of them (see the schemas).
 */
public record References(
        String order,
        String purchaseOrder,
        String rma,
        String transfer,
        String receipt,
        String billOfLading,
        String customer,
        String supplier,
        String fromWarehouse,
        String toWarehouse,
        String carrier) {

    public static final References NONE = new References(null, null, null, null, null, null, null, null, null, null, null);
}
