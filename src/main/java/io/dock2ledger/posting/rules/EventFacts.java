package io.dock2ledger.posting.rules;

import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.EventLine;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.masterdata.Customer;
import io.dock2ledger.masterdata.Item;
import io.dock2ledger.masterdata.LegalEntity;
import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.masterdata.Warehouse;
import io.dock2ledger.posting.documents.Money;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The master-data facts every rule needs about an event (its warehouse and entity, each line's item and base
 * quantity), each failing with a sentence that names the document and line.
 */
final class EventFacts {

    private final MasterData masterData;
    private final UnitConversion units;

    EventFacts(MasterData masterData) {
        this.masterData = masterData;
        this.units = new UnitConversion(masterData);
    }

    MasterData masterData() {
        return masterData;
    }

    static String document(CanonicalEvent event) {
        return event.source().documentId();
    }

    static String line(CanonicalEvent event, EventLine line, int index) {
        return document(event) + " line " + (line.lineNo() != null ? line.lineNo() : index + 1);
    }

    Warehouse warehouse(CanonicalEvent event) {
        if (event.warehouse() == null) {
            throw PostingStop.rejected(ExceptionCategory.UNKNOWN_LOCATION,
                    document(event) + " does not say which warehouse it comes from"
                            + (event.locationCode() != null ? " (location code " + event.locationCode() + " was not resolved)" : ""));
        }
        return warehouse(event, event.warehouse());
    }

    Warehouse warehouse(CanonicalEvent event, String code) {
        return masterData.warehouse(code).orElseThrow(() -> PostingStop.rejected(ExceptionCategory.UNKNOWN_LOCATION,
                document(event) + " names warehouse " + code + ", which master data does not know"));
    }

    LegalEntity entity(CanonicalEvent event, String entityId) {
        return masterData.entity(entityId).orElseThrow(() -> PostingStop.rejected(ExceptionCategory.UNKNOWN_LOCATION,
                document(event) + " belongs to legal entity " + entityId + ", which master data does not know"));
    }

    Customer customer(CanonicalEvent event, String orderOrRma, String orderCustomer) {
        String named = event.references().customer();
        if (named != null && !named.equals(orderCustomer)) {
            throw PostingStop.rejected(ExceptionCategory.UNKNOWN_CUSTOMER, document(event) + " is for customer "
                    + named + " but " + orderOrRma + " belongs to customer " + orderCustomer);
        }
        return masterData.customer(orderCustomer).orElseThrow(() -> PostingStop.rejected(
                ExceptionCategory.UNKNOWN_CUSTOMER, orderOrRma + " of " + document(event) + " is for customer "
                        + orderCustomer + ", which master data does not know"));
    }

    BigDecimal taxRate(CanonicalEvent event, Customer customer, Item item) {
        return masterData.taxRate(customer.taxRegion(), item.taxCode()).orElseThrow(() -> PostingStop.rejected(
                ExceptionCategory.UNKNOWN_CUSTOMER, document(event) + " cannot be taxed: master data has no tax rate"
                        + " for tax region " + customer.taxRegion() + " (customer " + customer.id() + ") and tax code "
                        + item.taxCode() + " (" + item.sku() + ")"));
    }

    Item item(CanonicalEvent event, EventLine line, int index) {
        if (line.sku() == null) {
            throw PostingStop.rejected(ExceptionCategory.UNKNOWN_ITEM, line(event, line, index)
                    + " has no hub SKU for partner item " + line.partnerItem());
        }
        return masterData.item(line.sku()).orElseThrow(() -> PostingStop.rejected(ExceptionCategory.UNKNOWN_ITEM,
                line(event, line, index) + " is for item " + line.sku() + ", which master data does not know"));
    }

    /** The line's base quantity as intake resolved it, or converted here when intake left it out. */
    BigDecimal baseQuantity(CanonicalEvent event, EventLine line, int index, Item item) {
        if (line.baseQuantity() != null) {
            return line.baseQuantity();
        }
        if (line.quantity() == null) {
            throw PostingStop.rejected(ExceptionCategory.SCHEMA_INVALID, line(event, line, index) + " has no quantity");
        }
        String uom = line.uom() == null ? item.baseUom() : line.uom();
        return units.toBase(item.sku(), line.quantity(), uom).orElseThrow(() -> PostingStop.rejected(
                ExceptionCategory.UNKNOWN_UNIT, line(event, line, index) + " is in " + uom
                        + ", which master data cannot convert to the base unit " + item.baseUom() + " of " + item.sku()));
    }

    /** Base quantity that must not be negative (shipments, receipts, returns, transfers). */
    BigDecimal positiveBaseQuantity(CanonicalEvent event, EventLine line, int index, Item item) {
        BigDecimal quantity = baseQuantity(event, line, index, item);
        if (quantity.signum() < 0) {
            throw PostingStop.rejected(ExceptionCategory.SCHEMA_INVALID, line(event, line, index)
                    + " has a negative quantity (" + Money.plain(quantity) + " " + item.baseUom()
                    + "); only adjustments may be negative");
        }
        return quantity;
    }

    /** How many base units one unit of an order line is. */
    BigDecimal baseUnitsPer(CanonicalEvent event, String sku, String uom, String orderLine) {
        return masterData.baseUnitsPer(sku, uom).orElseThrow(() -> PostingStop.rejected(ExceptionCategory.UNKNOWN_UNIT,
                orderLine + " of " + document(event) + " is priced per " + uom
                        + ", which master data cannot convert to the base unit of " + sku));
    }

    /**
     * The order line an event line refers to: the one with the same SKU, preferring the same line number.
     * Partners number their own lines, so the number alone is not trusted.
     */
    static <T> Optional<T> matchOrderLine(List<T> orderLines, EventLine line, Function<T, String> sku,
                                          ToIntFunction<T> lineNo) {
        List<T> sameSku = orderLines.stream().filter(l -> sku.apply(l).equals(line.sku())).toList();
        return sameSku.stream()
                .filter(l -> line.lineNo() != null && lineNo.applyAsInt(l) == line.lineNo())
                .findFirst()
                .or(() -> sameSku.stream().findFirst());
    }
}
