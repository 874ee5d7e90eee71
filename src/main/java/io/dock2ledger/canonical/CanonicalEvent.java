package io.dock2ledger.canonical;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * One warehouse event in the hub's own words (canonical model v1).
 * <p>
 * Partner mappings produce it with partner codes ({@code locationCode}, {@link EventLine#partnerItem()},
 * partner units); enrichment resolves the hub's codes ({@code warehouse}, {@code sku}, base quantities,
 * {@code businessDate}). The JSON Schemas in {@code mappings/canonical/} say which fields each type requires.
 *
 * @param businessTime what the partner said happened when: an ISO date or date-time, as sent
 * @param businessDate the warehouse's local date of {@code businessTime}: the posting date before period rules
 */
public record CanonicalEvent(
        String eventId,
        String type,
        String schemaVersion,
        EventSource source,
        String businessTime,
        LocalDate businessDate,
        Instant receivedAt,
        String warehouse,
        String locationCode,
        References references,
        List<EventLine> lines,
        Charge charge) {

    public static final String SCHEMA_VERSION = "1.0";

    public CanonicalEvent {
        lines = lines == null ? List.of() : List.copyOf(lines);
        references = references == null ? References.NONE : references;
    }

    /**
     * The business thing this event changes, whose events must post in the order they arrived: the sales order of a
     * shipment, the purchase order of a receipt, the RMA of a return, the transfer of either leg, the receipt a charge
     * lands on. Sent as the posting message's group (JMSXGroupID), so the broker hands one key's events to one consumer
     * at a time, in order, while other keys post in parallel. Empty for adjustments, which touch no shared document.
     */
    public Optional<String> orderingKey() {
        String key = switch (eventType()) {
            case SHIPMENT_CONFIRMED -> prefixed("order:", references.order());
            case GOODS_RECEIVED -> prefixed("po:", references.purchaseOrder());
            case RETURN_RECEIVED -> prefixed("rma:", references.rma());
            case TRANSFER_SHIPPED, TRANSFER_RECEIVED -> prefixed("transfer:", references.transfer());
            case LANDED_COST_CHARGED -> prefixed("receipt:", references.receipt());
            case INVENTORY_ADJUSTED -> null;
        };
        return Optional.ofNullable(key);
    }

    private static String prefixed(String kind, String reference) {
        return reference == null || reference.isBlank() ? null : kind + reference;
    }

    public EventType eventType() {
        return EventType.fromCode(type);
    }

    public CanonicalEvent withWarehouse(String warehouseCode, LocalDate date) {
        return new CanonicalEvent(eventId, type, schemaVersion, source, businessTime, date, receivedAt,
                warehouseCode, locationCode, references, lines, charge);
    }

    public CanonicalEvent withLines(List<EventLine> newLines) {
        return new CanonicalEvent(eventId, type, schemaVersion, source, businessTime, businessDate, receivedAt,
                warehouse, locationCode, references, newLines, charge);
    }
}
