package io.dock2ledger.posting;

import io.dock2ledger.posting.documents.StoredDocument;
import io.dock2ledger.posting.store.DeliveryOutbox;
import io.dock2ledger.posting.store.FinanceDocumentStore;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Approvals before delivery (issue 12 item 5): a document an approval rule held (AWAITING_APPROVAL) is released for
 * delivery or rejected by an approver; who, when and why is kept in the delivery's log ({@code erp_delivery_log}).
 */
public class DocumentApprovals {

    /** Why a decision was refused, in words for the approver; {@code notFound} tells 404 from 409. */
    public static class RefusedException extends RuntimeException {
        private final boolean notFound;

        public RefusedException(String reason, boolean notFound) {
            super(reason);
            this.notFound = notFound;
        }

        public boolean notFound() {
            return notFound;
        }
    }

    private final FinanceDocumentStore documents;
    private final DeliveryOutbox outbox;
    private final TransactionTemplate tx;

    public DocumentApprovals(FinanceDocumentStore documents, DeliveryOutbox outbox, TransactionTemplate tx) {
        this.documents = documents;
        this.outbox = outbox;
        this.tx = tx;
    }

    public StoredDocument approve(String documentNumber, String approver, String note) {
        return tx.execute(status -> {
            StoredDocument doc = held(documentNumber);
            if (!outbox.approve(doc.id(), approver, note == null || note.isBlank() ? "approved" : note)) {
                throw notAwaiting(documentNumber);
            }
            return doc;
        });
    }

    public StoredDocument reject(String documentNumber, String approver, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new RefusedException("A rejection needs a reason", false);
        }
        return tx.execute(status -> {
            StoredDocument doc = held(documentNumber);
            if (!outbox.reject(doc.id(), approver, reason)) {
                throw notAwaiting(documentNumber);
            }
            return doc;
        });
    }

    private StoredDocument held(String documentNumber) {
        return documents.byNumber(documentNumber)
                .orElseThrow(() -> new RefusedException("No document " + documentNumber, true));
    }

    private RefusedException notAwaiting(String documentNumber) {
        String status = documents.byNumber(documentNumber).flatMap(d -> outbox.byId(d.id()))
                .map(d -> d.status().name()).orElse("unknown");
        return new RefusedException(documentNumber + " is not awaiting approval (status " + status + ")", false);
    }
}
