package io.dock2ledger.posting.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.dock2ledger.posting.DocumentApprovals;
import io.dock2ledger.posting.DocumentReversals;
import io.dock2ledger.posting.store.DeliveryOutbox;
import io.dock2ledger.posting.documents.StoredDocument;
import io.dock2ledger.posting.store.FinanceDocumentStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

@RestController
@RequestMapping("/api/v1/documents")
@Tag(name = "Finance documents", description = "What the hub posted to finance")
public class DocumentsController {

    /** Why the operator reverses the document; kept with the reversal and in the event's audit trail. */
    public record ReversalRequest(@NotBlank @Size(max = 1000) String reason) {
    }

    /** An approver's note; optional when approving. */
    public record ApprovalRequest(@Size(max = 1000) String note) {
    }

    /** Why the approver refuses the document; required. */
    public record RejectionRequest(@NotBlank @Size(max = 1000) String reason) {
    }

    /**
     * Where the document stands with its ERP: AWAITING_APPROVAL, PENDING, DELIVERED, CONFIRMED (with the ERP's own
     * document id), FAILED (with the reason) or REJECTED.
     */
    public record Delivery(String status, String target, String erpDocumentId, String reason, String holdReason,
                           int attempts, Instant updatedAt) {
        static Delivery of(DeliveryOutbox.Delivery d) {
            return d == null ? null : new Delivery(d.status().name(), d.target(), d.erpDocumentId(), d.reason(),
                    d.holdReason(), d.attempts(), d.updatedAt());
        }
    }

    /** A stored document with its delivery status. */
    public record DocumentWithDelivery(@JsonUnwrapped StoredDocument document, Delivery delivery) {
    }

    private final FinanceDocumentStore documents;
    private final DocumentReversals reversals;
    private final DeliveryOutbox outbox;
    private final DocumentApprovals approvals;

    public DocumentsController(FinanceDocumentStore documents, DocumentReversals reversals, DeliveryOutbox outbox,
                               DocumentApprovals approvals) {
        this.documents = documents;
        this.reversals = reversals;
        this.outbox = outbox;
        this.approvals = approvals;
    }

    @GetMapping
    @Operation(summary = "Finance documents posted for a source document",
            description = "Invoices, credit memos and journals produced from the warehouse document with this id "
                    + "(shipment, receipt, adjustment, RMA, transfer or charge id), oldest first, with their "
                    + "invoice lines and journal lines, and each one's delivery to its ERP (status, target, the "
                    + "ERP's document id, the reason of a failure or a hold). Amounts are decimal strings.")
    public List<DocumentWithDelivery> bySource(
            @Parameter(description = "The warehouse document id, e.g. SHP-9001", required = true)
            @RequestParam("source") String source) {
        List<StoredDocument> found = documents.bySource(source);
        Map<Long, DeliveryOutbox.Delivery> deliveries = outbox.byDocumentIds(found.stream().map(StoredDocument::id).toList());
        return found.stream().map(d -> new DocumentWithDelivery(d, Delivery.of(deliveries.get(d.id())))).toList();
    }

    @GetMapping("/{documentNumber}/delivery")
    @Operation(summary = "The delivery log of a document",
            description = "Every change of the document's delivery: queued, held, approved or rejected (by whom), "
                    + "delivered, confirmed, failed.")
    public List<DeliveryOutbox.LogEntry> deliveryLog(@PathVariable("documentNumber") String documentNumber) {
        StoredDocument doc = documents.byNumber(documentNumber)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No document " + documentNumber));
        return outbox.history(doc.id());
    }

    @PostMapping("/{documentNumber}/approve")
    @Operation(summary = "Approve a held document for delivery (admin)",
            description = "Releases a document an approval rule held (AWAITING_APPROVAL) for delivery to its ERP; "
                    + "who and when are kept in its delivery log. 409 unless it awaits approval.")
    public DocumentWithDelivery approve(@PathVariable("documentNumber") String documentNumber,
                                        @Valid @RequestBody(required = false) ApprovalRequest request,
                                        Principal approver) {
        return decided(() -> approvals.approve(documentNumber, approver.getName(),
                request == null ? null : request.note()));
    }

    @PostMapping("/{documentNumber}/reject")
    @Operation(summary = "Reject a held document (admin)",
            description = "A document an approval rule held (AWAITING_APPROVAL) is never delivered; who, when and why "
                    + "are kept in its delivery log. Reverse it to undo its posting. 409 unless it awaits approval.")
    public DocumentWithDelivery reject(@PathVariable("documentNumber") String documentNumber,
                                       @Valid @RequestBody RejectionRequest request, Principal approver) {
        return decided(() -> approvals.reject(documentNumber, approver.getName(), request.reason()));
    }

    private DocumentWithDelivery decided(java.util.function.Supplier<StoredDocument> decision) {
        try {
            StoredDocument doc = decision.get();
            return new DocumentWithDelivery(doc, Delivery.of(outbox.byId(doc.id()).orElse(null)));
        } catch (DocumentApprovals.RefusedException e) {
            throw new ResponseStatusException(e.notFound() ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT, e.getMessage());
        }
    }

    @PostMapping("/{documentNumber}/reversal")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Reverse a posted document (operator)",
            description = "Posts a REVERSAL journal that swaps every debit and credit of the document, dated today "
                    + "(or the first day of the next open period), delivers it to the ERP, marks the original REVERSED "
                    + "and records who and why. 409 if the document is already reversed or is itself a reversal.")
    public StoredDocument reverse(@PathVariable("documentNumber") String documentNumber,
                                  @Valid @RequestBody ReversalRequest request, Principal operator) {
        try {
            return reversals.reverse(documentNumber, request.reason(), operator.getName());
        } catch (DocumentReversals.RefusedException e) {
            HttpStatus status = e.getMessage().startsWith("No document") ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT;
            throw new ResponseStatusException(status, e.getMessage());
        }
    }
}
