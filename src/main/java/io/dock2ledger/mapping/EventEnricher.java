package io.dock2ledger.mapping;

import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.EventLine;
import io.dock2ledger.canonical.EventType;
import io.dock2ledger.canonical.References;
import io.dock2ledger.exceptions.HubException;
import io.dock2ledger.masterdata.Item;
import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.masterdata.Warehouse;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static io.dock2ledger.exceptions.ExceptionCategory.MAPPING_FAILED;
import static io.dock2ledger.exceptions.ExceptionCategory.UNKNOWN_CUSTOMER;
import static io.dock2ledger.exceptions.ExceptionCategory.UNKNOWN_ITEM;
import static io.dock2ledger.exceptions.ExceptionCategory.UNKNOWN_LOCATION;
import static io.dock2ledger.exceptions.ExceptionCategory.UNKNOWN_ORDER;
import static io.dock2ledger.exceptions.ExceptionCategory.UNKNOWN_UNIT;

/**
 * Turns a mapped event (partner terms) into the hub's terms against master data: the partner's location code
 * becomes a hub warehouse, partner item codes become SKUs through the governed cross-reference, quantities are
 * converted to base units, the business time becomes the warehouse-local business date, and the orders,
 * customers and RMAs it references must exist. Anything unknown is a {@link HubException} owned by master data
 * or order management, never a guess.
 */
public class EventEnricher {

    private final MasterData masterData;
    private final Function<String, Map<String, String>> registryLocations;

    public EventEnricher(MasterData masterData) {
        this(masterData, partner -> Map.of());
    }

    /**
     * @param registryLocations a partner's {@code locations:} from its registry file (location code to hub warehouse):
     *                          used when master data has no row for the code, so a partner onboarded by its registry
     *                          file alone has its locations without a master-data change (issue 12)
     */
    public EventEnricher(MasterData masterData, Function<String, Map<String, String>> registryLocations) {
        this.masterData = masterData;
        this.registryLocations = registryLocations;
    }

    public CanonicalEvent enrich(CanonicalEvent event) {
        String partner = event.source().partner();
        String document = describe(event);
        Warehouse warehouse = warehouse(event, partner, document);
        LocalDate businessDate = businessDate(event.businessTime(), warehouse, document);
        checkReferences(event.references(), document);
        List<EventLine> lines = new ArrayList<>(event.lines().size());
        for (int i = 0; i < event.lines().size(); i++) {
            lines.add(resolveLine(event.lines().get(i), i + 1, partner, document));
        }
        return event.withWarehouse(warehouse == null ? null : warehouse.code(), businessDate).withLines(lines);
    }

    private Warehouse warehouse(CanonicalEvent event, String partner, String document) {
        if (event.warehouse() != null) {
            return masterData.warehouse(event.warehouse()).orElseThrow(() -> new HubException(UNKNOWN_LOCATION,
                    document + " names warehouse " + event.warehouse() + ", which master data does not know"));
        }
        if (event.locationCode() != null) {
            // The governed mapping (master data, warehouses.csv or the ERP) first, then the partner's registry file.
            Optional<Warehouse> governed = masterData.warehouseForPartnerLocation(partner, event.locationCode());
            if (governed.isPresent()) {
                return governed.get();
            }
            String named = registryLocations.apply(partner).get(event.locationCode());
            if (named != null) {
                return masterData.warehouse(named).orElseThrow(() -> new HubException(UNKNOWN_LOCATION, document
                        + " comes from " + partner + " location " + event.locationCode() + ", which its registry file "
                        + "maps to warehouse " + named + ", which master data does not know"));
            }
            throw new HubException(UNKNOWN_LOCATION, document + " comes from " + partner + " location "
                    + event.locationCode() + ", which is not mapped to a hub warehouse (neither in master data nor in "
                    + "the partner's locations:)");
        }
        if (event.eventType() == EventType.LANDED_COST_CHARGED) {
            return null; // a charge follows the receipt it is matched to
        }
        throw new HubException(MAPPING_FAILED, document + " has neither a warehouse nor a location code");
    }

    private static LocalDate businessDate(String businessTime, Warehouse warehouse, String document) {
        if (businessTime == null || businessTime.isBlank()) {
            throw new HubException(MAPPING_FAILED, document + " has no business time");
        }
        try {
            if (businessTime.length() == 10) {
                return LocalDate.parse(businessTime);
            }
            OffsetDateTime time = OffsetDateTime.parse(businessTime);
            if (warehouse == null) {
                return time.toLocalDate();
            }
            return ZonedDateTime.ofInstant(time.toInstant(), warehouse.timeZone()).toLocalDate();
        } catch (DateTimeParseException e) {
            throw new HubException(MAPPING_FAILED, document + " has business time '" + businessTime
                    + "', which is neither an ISO date nor an ISO date-time with offset");
        }
    }

    private void checkReferences(References refs, String document) {
        if (refs.order() != null && masterData.salesOrder(refs.order()).isEmpty()) {
            throw new HubException(UNKNOWN_ORDER, document + " refers to sales order " + refs.order() + ", which is unknown");
        }
        if (refs.purchaseOrder() != null && masterData.purchaseOrder(refs.purchaseOrder()).isEmpty()) {
            throw new HubException(UNKNOWN_ORDER, document + " refers to purchase order " + refs.purchaseOrder() + ", which is unknown");
        }
        if (refs.rma() != null && masterData.returnAuthorization(refs.rma()).isEmpty()) {
            throw new HubException(UNKNOWN_ORDER, document + " refers to return authorization " + refs.rma() + ", which is unknown");
        }
        if (refs.customer() != null && masterData.customer(refs.customer()).isEmpty()) {
            throw new HubException(UNKNOWN_CUSTOMER, document + " names customer " + refs.customer() + ", which is unknown");
        }
        for (String code : new String[]{refs.fromWarehouse(), refs.toWarehouse()}) {
            if (code != null && masterData.warehouse(code).isEmpty()) {
                throw new HubException(UNKNOWN_LOCATION, document + " names warehouse " + code + ", which is unknown");
            }
        }
    }

    private EventLine resolveLine(EventLine line, int position, String partner, String document) {
        String where = document + " line " + (line.lineNo() == null ? position : line.lineNo());
        String sku = line.sku();
        if (sku == null) {
            if (line.partnerItem() == null) {
                throw new HubException(MAPPING_FAILED, where + " has neither a SKU nor a partner item code");
            }
            sku = masterData.skuForPartnerItem(partner, line.partnerItem()).orElseThrow(() -> new HubException(UNKNOWN_ITEM,
                    where + ": " + partner + " item " + line.partnerItem() + " has no cross-reference to a hub SKU"));
        }
        String resolvedSku = sku;
        Item item = masterData.item(sku).orElseThrow(() -> new HubException(UNKNOWN_ITEM,
                where + ": item " + resolvedSku + " is not in the item master"));
        if (line.quantity() == null || line.uom() == null) {
            throw new HubException(MAPPING_FAILED, where + " has no quantity or no unit of measure");
        }
        BigDecimal factor = masterData.baseUnitsPer(sku, line.uom()).orElseThrow(() -> new HubException(UNKNOWN_UNIT,
                where + ": unit " + line.uom() + " has no conversion to " + item.baseUom() + " for item " + resolvedSku));
        BigDecimal base = line.quantity().multiply(factor).stripTrailingZeros();
        if (base.scale() < 0) {
            base = base.setScale(0);
        }
        return line.resolved(sku, base, item.baseUom());
    }

    private static String describe(CanonicalEvent event) {
        return event.type() + " " + event.source().documentId() + " from " + event.source().partner();
    }
}
