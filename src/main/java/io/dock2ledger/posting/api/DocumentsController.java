package io.dock2ledger.posting.api;

import io.dock2ledger.posting.DocumentReversals;
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
import java.util.List;

@RestController
@RequestMapping("/api/v1/documents")
@Tag(name = "Finance documents", description = "What the hub posted to finance")
public class DocumentsController {

    /** Why the operator reverses the document; kept with the reversal and in the event's audit trail. */
    public record ReversalRequest(@NotBlank @Size(max = 1000) String reason) {
    }

    private final FinanceDocumentStore documents;
    private final DocumentReversals reversals;

    public DocumentsController(FinanceDocumentStore documents, DocumentReversals reversals) {
        this.documents = documents;
        this.reversals = reversals;
    }

    @GetMapping
    @Operation(summary = "Finance documents posted for a source document",
            description = "Invoices, credit memos and journals produced from the warehouse document with this id "
                    + "(shipment, receipt, adjustment, RMA, transfer or charge id), oldest first, with their "
                    + "invoice lines and journal lines. Amounts are decimal strings.")
    public List<StoredDocument> bySource(
            @Parameter(description = "The warehouse document id, e.g. SHP-9001", required = true)
            @RequestParam("source") String source) {
        return documents.bySource(source);
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
