package io.dock2ledger.erp;

import io.dock2ledger.posting.FinanceAdapter;
import io.dock2ledger.posting.documents.StoredDocument;
import io.dock2ledger.posting.store.DeliveryOutbox;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.function.SingletonSupplier;

import java.util.Optional;

/**
 * The finance adapter posting calls (the primary {@link FinanceAdapter}): inside the posting transaction it picks the
 * entity's target and records the document's delivery in the outbox, so the documents and their delivery commit or
 * roll back together and no remote call runs while the posting holds its locks. The route
 * {@code finance-documents-to-erp} delivers from there.
 * <p>
 * An adapter that only writes into the hub's own database (the interface tables) is called right here, in the same
 * transaction: exactly once by construction, CONFIRMED at once, and no second transaction per document. A document
 * an approval rule holds waits as AWAITING_APPROVAL whatever its target.
 */
public class ErpOutbox implements FinanceAdapter {

    private final ErpTargets targets;
    private final ApprovalRules approvals;
    /** Looked up once, on first use: a bean-factory lookup per document was 2 % of the posting threads' samples. */
    private final SingletonSupplier<FinanceAdapters> adapters;
    private final DeliveryOutbox outbox;

    public ErpOutbox(ErpTargets targets, ApprovalRules approvals, ObjectProvider<FinanceAdapters> adapters,
                     DeliveryOutbox outbox) {
        this.targets = targets;
        this.approvals = approvals;
        this.adapters = SingletonSupplier.of(adapters::getObject);
        this.outbox = outbox;
    }

    @Override
    public String name() {
        return "erp-outbox";
    }

    /** @return the ERP's reference when delivered at once, else {@code pending:<target>} or {@code held:<target>} */
    @Override
    public String deliver(StoredDocument stored) {
        String target = targets.targetOf(stored.document().entity(), stored.document().kind());
        Optional<String> hold = approvals.holdReason(stored.document());
        if (hold.isPresent()) {
            outbox.add(stored, target, DeliveryOutbox.Status.AWAITING_APPROVAL, null, hold.get());
            return "held:" + target;
        }
        FinanceAdapter adapter = adapters.obtain().get(target);
        if (adapter.writesToHubDatabase()) {
            String reference = adapter.deliver(stored);
            outbox.add(stored, target, adapter.confirms() ? DeliveryOutbox.Status.CONFIRMED
                    : DeliveryOutbox.Status.DELIVERED, reference, null);
            return reference;
        }
        outbox.add(stored, target, DeliveryOutbox.Status.PENDING, null, null);
        return "pending:" + target;
    }
}
