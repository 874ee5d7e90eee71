package io.dock2ledger.outbound;

import io.dock2ledger.edi.outbound.OutboundInterchange;
import io.dock2ledger.edi.outbound.X12Party;
import io.dock2ledger.edi.outbound.X12ShippingOrder;
import io.dock2ledger.edi.outbound.X12ShippingOrderWriter;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.HubException;
import io.dock2ledger.masterdata.Customer;
import io.dock2ledger.masterdata.LegalEntity;
import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.masterdata.SalesOrderLine;
import io.dock2ledger.masterdata.Warehouse;
import io.dock2ledger.partners.OutboundDocumentType;
import io.dock2ledger.partners.Partner;
import io.dock2ledger.partners.PartnerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Sends a released sales order to the 3PL that runs its warehouse as an X12 940, once.
 * <ol>
 *   <li>The release is checked against master data: the order, its customer and entity, the warehouse and the 3PL
 *       running it, each line and quantity, and the 3PL's item code for each SKU (the governed cross-reference).</li>
 *   <li>When a 940 for the order already stands (not rejected) with the same content, that one is the answer: a
 *       repeated release never sends the order twice. A different release for a standing order is refused.</li>
 *   <li>The 940 is written with the partner's control numbers, checked against the hub's 940 schema, recorded in the
 *       outbound registry and put in the partner's outbox in one database transaction: the file is written last, so
 *       a failure leaves neither a record without a file nor (short of a failed commit) a file without a record.</li>
 * </ol>
 */
public class ShippingOrders {

    private static final Logger log = LoggerFactory.getLogger(ShippingOrders.class);
    static final String DOCUMENT_TYPE = "940";

    private final MasterData masterData;
    private final PartnerRegistry partners;
    private final X12ShippingOrderWriter writer;
    private final X12Party hubIdentity;
    private final OutboundDocuments documents;
    private final PartnerOutbox outbox;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final MeterRegistry meters;

    public ShippingOrders(MasterData masterData, PartnerRegistry partners, X12ShippingOrderWriter writer,
                          X12Party hubIdentity, OutboundDocuments documents, PartnerOutbox outbox,
                          TransactionTemplate transaction, Clock clock, MeterRegistry meters) {
        this.masterData = masterData;
        this.partners = partners;
        this.writer = writer;
        this.hubIdentity = hubIdentity;
        this.documents = documents;
        this.outbox = outbox;
        this.transaction = transaction;
        this.clock = clock;
        this.meters = meters;
    }

    /** What a release led to: the 940 that stands for the order, and whether this call sent it. */
    public record Released(OutboundDocument document, boolean sent) {
    }

    /**
     * @throws HubException with the category of what is wrong (UNKNOWN_ORDER, UNKNOWN_LOCATION, UNKNOWN_ITEM,
     *                      OVER_SHIPMENT, UNKNOWN_DOCUMENT; EDI_REJECTED when the 940 would not pass the hub's own
     *                      schema) or POSSIBLE_CORRECTION when a different 940 already stands for the order
     */
    public Released release(ShippingOrderRelease release) {
        Plan plan = plan(release);
        OutboundDocument standing = documents.standing(plan.partner().id(), DOCUMENT_TYPE, release.orderId())
                .orElse(null);
        if (standing != null) {
            return unchanged(standing, plan);
        }
        try {
            return transaction.execute(status -> send(plan));
        } catch (DuplicateKeyException raced) {
            // Another hub instance sent it between the check and the insert: its document is the answer.
            return unchanged(documents.standing(plan.partner().id(), DOCUMENT_TYPE, release.orderId())
                    .orElseThrow(() -> raced), plan);
        }
    }

    private Released unchanged(OutboundDocument standing, Plan plan) {
        if (!standing.requestHash().equals(plan.requestHash())) {
            throw new HubException(ExceptionCategory.POSSIBLE_CORRECTION, "Order " + plan.order().orderId()
                    + " was already sent as " + standing.describe() + " (" + standing.status() + ") with other lines,"
                    + " warehouse or date; the hub does not send a second 940 for a standing order. A change must be"
                    + " agreed with the 3PL; once it rejects the 940, the order can be released again");
        }
        return new Released(standing, false);
    }

    private Released send(Plan plan) {
        Partner partner = plan.partner();
        OutboundInterchange edi;
        try {
            edi = writer.write(partner.id(), hubIdentity, partnerIdentity(partner), plan.order(),
                    plan.settings().wantsTa1(), false);
        } catch (IllegalStateException e) {
            // The hub's own 940 schema refused what master data gave it (an order number over 22 characters, say).
            throw new HubException(ExceptionCategory.EDI_REJECTED, e.getMessage(), e);
        }
        Instant now = clock.instant();
        OutboundDocument document = documents.recordSent(partner.id(), plan.order().orderId(), plan.requestHash(),
                edi, now, now.plus(plan.settings().acknowledgmentWindow()));
        outbox.write(partner.id(), edi.fileName(), edi.content());
        meters.counter("dock2ledger.outbound.sent", "partner", partner.id(), "type", DOCUMENT_TYPE).increment();
        log.info("Sent {} as {}", document.describe(), edi.fileName());
        return new Released(document, true);
    }

    private record Plan(Partner partner, OutboundDocumentType settings, X12ShippingOrder order, String requestHash) {
    }

    private Plan plan(ShippingOrderRelease release) {
        if (release == null || blank(release.orderId()) || blank(release.warehouse())) {
            throw new HubException(ExceptionCategory.UNKNOWN_ORDER,
                    "A shipping order release needs an orderId and a warehouse");
        }
        List<SalesOrderLine> orderLines = masterData.salesOrder(release.orderId());
        if (orderLines.isEmpty()) {
            throw new HubException(ExceptionCategory.UNKNOWN_ORDER,
                    "Sales order " + release.orderId() + " is not in master data");
        }
        Warehouse warehouse = masterData.warehouse(release.warehouse()).orElseThrow(() -> new HubException(
                ExceptionCategory.UNKNOWN_LOCATION, "Warehouse " + release.warehouse() + " is not in master data"));
        SalesOrderLine first = orderLines.get(0);
        if (!warehouse.entity().equals(first.entity())) {
            throw new HubException(ExceptionCategory.UNKNOWN_LOCATION, "Warehouse " + warehouse.code()
                    + " belongs to entity " + warehouse.entity() + ", but order " + release.orderId() + " to entity "
                    + first.entity() + ": ship it from one of " + first.entity() + "'s warehouses");
        }
        Partner partner = partners.partner(warehouse.operator()).orElseThrow(() -> new HubException(
                ExceptionCategory.UNKNOWN_LOCATION, "Warehouse " + warehouse.code() + " is run by '"
                + warehouse.operator() + "', which is not a partner in the registry (a warehouse run in house takes"
                + " its orders from the WMS, not by 940)"));
        OutboundDocumentType settings = partner.outboundDocument(DOCUMENT_TYPE).orElseThrow(() -> new HubException(
                ExceptionCategory.UNKNOWN_DOCUMENT, "Partner " + partner.id() + " (warehouse " + warehouse.code()
                + ") does not take 940 shipping orders: its registry file declares no outbound 940"));
        LegalEntity entity = masterData.entity(first.entity()).orElseThrow(() -> new HubException(
                ExceptionCategory.UNKNOWN_ORDER, "Entity " + first.entity() + " of order " + release.orderId()
                + " is not in master data"));
        Customer customer = masterData.customer(first.customer()).orElseThrow(() -> new HubException(
                ExceptionCategory.UNKNOWN_CUSTOMER, "Customer " + first.customer() + " of order "
                + release.orderId() + " is not in master data"));
        List<X12ShippingOrder.Line> lines = lines(release, orderLines, partner);
        X12ShippingOrder order = new X12ShippingOrder(release.orderId(),
                new X12ShippingOrder.Name(entity.name(), entity.id()),
                new X12ShippingOrder.Name(customer.name(), customer.id()),
                new X12ShippingOrder.Name(warehouse.name(), warehouse.partnerLocationCode()),
                release.requestedShipDate(), lines);
        return new Plan(partner, settings, order, hash(warehouse.code(), release, lines));
    }

    private List<X12ShippingOrder.Line> lines(ShippingOrderRelease release, List<SalesOrderLine> orderLines,
                                              Partner partner) {
        Map<Integer, SalesOrderLine> byNumber = orderLines.stream()
                .collect(Collectors.toMap(SalesOrderLine::lineNo, Function.identity()));
        List<ShippingOrderRelease.Line> wanted = release.lines().isEmpty()
                ? orderLines.stream().map(l -> new ShippingOrderRelease.Line(l.lineNo(), l.quantityOrdered())).toList()
                : release.lines();
        List<X12ShippingOrder.Line> lines = new ArrayList<>();
        for (ShippingOrderRelease.Line want : wanted) {
            SalesOrderLine line = byNumber.get(want.line());
            if (line == null) {
                throw new HubException(ExceptionCategory.UNKNOWN_ORDER, "Sales order " + release.orderId()
                        + " has no line " + want.line());
            }
            if (want.quantity() == null || want.quantity().signum() <= 0) {
                throw new HubException(ExceptionCategory.OVER_SHIPMENT, "Line " + want.line() + " of "
                        + release.orderId() + " needs a quantity above zero");
            }
            if (want.quantity().compareTo(line.quantityOrdered()) > 0) {
                throw new HubException(ExceptionCategory.OVER_SHIPMENT, "Line " + want.line() + " of "
                        + release.orderId() + " asks to ship " + plain(want.quantity()) + " " + line.uom()
                        + ", more than the " + plain(line.quantityOrdered()) + " ordered");
            }
            String partnerItem = masterData.partnerItemForSku(partner.id(), line.sku()).orElseThrow(() ->
                    new HubException(ExceptionCategory.UNKNOWN_ITEM, "SKU " + line.sku() + " (line " + line.lineNo()
                            + " of " + release.orderId() + ") has no item code of partner " + partner.id()
                            + " in the cross-reference (partner_item_xref.csv)"));
            lines.add(new X12ShippingOrder.Line(line.lineNo(), want.quantity(), line.uom(), partnerItem, line.sku()));
        }
        return lines;
    }

    private static X12Party partnerIdentity(Partner partner) {
        return new X12Party(partner.edi().isaQualifier() == null ? "ZZ" : partner.edi().isaQualifier(),
                partner.edi().isaId(), partner.edi().gsCode());
    }

    private static String hash(String warehouse, ShippingOrderRelease release, List<X12ShippingOrder.Line> lines) {
        StringBuilder request = new StringBuilder(warehouse).append('|').append(release.requestedShipDate());
        lines.stream().sorted(Comparator.comparingInt(X12ShippingOrder.Line::lineNumber))
                .forEach(l -> request.append('|').append(l.lineNumber()).append('=')
                        .append(l.quantity().stripTrailingZeros().toPlainString()));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(request.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String plain(BigDecimal quantity) {
        return quantity.stripTrailingZeros().toPlainString();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
