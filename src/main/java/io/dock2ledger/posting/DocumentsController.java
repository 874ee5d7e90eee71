package io.dock2ledger.posting;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
@RequestMapping("/api/v1/documents")
@Tag(name = "Finance documents", description = "What the hub posted to finance")
public class DocumentsController {

    private final FinanceDocumentStore documents;

    public DocumentsController(FinanceDocumentStore documents) {
        this.documents = documents;
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
}
