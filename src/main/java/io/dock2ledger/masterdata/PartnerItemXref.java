package io.dock2ledger.masterdata;

/** A governed cross-reference: what a partner calls {@code partnerItem} is our {@code sku}. */
public record PartnerItemXref(String partner, String partnerItem, String sku) {
}
