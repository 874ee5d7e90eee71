package io.dock2ledger.outbound;

import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.HubException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.List;
import java.util.Locale;

@RestController
@Tag(name = "Outbound documents", description = "Documents the hub sends partners (X12 940) and their acknowledgments")
public class OutboundController {

    private final ShippingOrders shippingOrders;
    private final OutboundDocuments documents;

    public OutboundController(ShippingOrders shippingOrders, OutboundDocuments documents) {
        this.shippingOrders = shippingOrders;
        this.documents = documents;
    }

    @PostMapping("/api/v1/shipping-orders")
    @Operation(summary = "Release a sales order to a 3PL warehouse (operator)",
            description = "Sends the 3PL running the warehouse an X12 940 for the order (all lines in full unless "
                    + "lines are given) into its outbox, and tracks its 997/999. 201 with the document when sent; 200 "
                    + "with the standing document when the same release was sent before; 409 when a different 940 "
                    + "stands for the order; 422 when the order, warehouse, partner or an item cross-reference is "
                    + "missing or a quantity exceeds the order.")
    public ResponseEntity<OutboundDocument> release(@RequestBody ShippingOrderRelease release) {
        try {
            ShippingOrders.Released released = shippingOrders.release(release);
            return ResponseEntity.status(released.sent() ? HttpStatus.CREATED : HttpStatus.OK)
                    .body(released.document());
        } catch (HubException e) {
            HttpStatus status = e.category() == ExceptionCategory.POSSIBLE_CORRECTION ? HttpStatus.CONFLICT
                    : HttpStatus.UNPROCESSABLE_ENTITY;
            throw new ResponseStatusException(status, e.category() + ": " + e.getMessage());
        }
    }

    @GetMapping("/api/v1/outbound-documents")
    @Operation(summary = "Documents sent to partners, newest first",
            description = "Each with its control numbers, when it was sent, when its acknowledgment is due, and its "
                    + "status: SENT, ACCEPTED, ACCEPTED_WITH_ERRORS, REJECTED (with the partner's AK3/AK4 detail) or "
                    + "OVERDUE.")
    public List<OutboundDocument> find(
            @Parameter(description = "partner id, e.g. acme-3pl")
            @RequestParam(value = "partner", required = false) String partner,
            @Parameter(description = "sent, accepted, accepted_with_errors, rejected or overdue")
            @RequestParam(value = "status", required = false) String status,
            @Parameter(description = "business document, e.g. the sales order SO-50001")
            @RequestParam(value = "reference", required = false) String reference,
            @RequestParam(value = "limit", defaultValue = "100") int limit) {
        OutboundStatus wanted = null;
        if (status != null) {
            try {
                wanted = OutboundStatus.valueOf(status.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "status must be one of "
                        + List.of(OutboundStatus.values()) + ", not " + status);
            }
        }
        return documents.find(partner, wanted, reference, Math.max(1, Math.min(limit, 1000)));
    }

    @GetMapping("/api/v1/outbound-documents/{id}")
    @Operation(summary = "One document sent to a partner")
    public OutboundDocument one(@PathVariable("id") long id) {
        return documents.byId(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No outbound document " + id));
    }

    @GetMapping(value = "/api/v1/outbound-documents/{id}/content", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(summary = "The EDI text exactly as it was sent")
    public String content(@PathVariable("id") long id) {
        return documents.content(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No outbound document " + id));
    }
}
