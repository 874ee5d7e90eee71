package io.dock2ledger.posting.documents;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import java.time.Instant;

/** A finance document as the hub keeps it: numbered, with its delivery status and the ERP's reference. */
public record StoredDocument(long id, String documentNumber, String status, String erpReference, Instant createdAt,
                             @JsonUnwrapped FinanceDocument document) {
}
