package io.dock2ledger.canonical;

import java.math.BigDecimal;

/**
 * One line of an event. Quantities are signed decimals (an adjustment loss is negative).
 *
 * @param partnerItem  the partner's item code, as sent (resolved to {@code sku} through the cross-reference)
 * @param quantity     quantity in {@code uom}, as sent
 * @param baseQuantity quantity in the item's base unit, set on enrichment
 * @param reasonCode   adjustment reason (X12 947 W19-01 codes)
 * @param disposition  return disposition: RESTOCK, SCRAP, VENDOR_RETURN, HOLD, INSPECT
 * @param tracking     the carrier's tracking number of the parcel holding the line, if the partner sends it; not part
 *                     of the event's fingerprint (a corrected tracking number is not a finance correction)
 */
public record EventLine(
        Integer lineNo,
        String partnerItem,
        String sku,
        BigDecimal quantity,
        String uom,
        BigDecimal baseQuantity,
        String baseUom,
        String lot,
        String reasonCode,
        String disposition,
        String condition,
        String tracking) {

    /** A line without a tracking number. */
    public EventLine(Integer lineNo, String partnerItem, String sku, BigDecimal quantity, String uom,
                     BigDecimal baseQuantity, String baseUom, String lot, String reasonCode, String disposition,
                     String condition) {
        this(lineNo, partnerItem, sku, quantity, uom, baseQuantity, baseUom, lot, reasonCode, disposition, condition,
                null);
    }

    public EventLine resolved(String resolvedSku, BigDecimal resolvedBaseQuantity, String resolvedBaseUom) {
        return new EventLine(lineNo, partnerItem, resolvedSku, quantity, uom, resolvedBaseQuantity, resolvedBaseUom,
                lot, reasonCode, disposition, condition, tracking);
    }
}
