package io.dock2ledger.posting.rules;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the posting rules remember between events: how much of each order line has shipped and come back,
 * which receipts have posted (for landed-cost matching), the transfer legs seen so far and the returns
 * waiting for their final disposition. All quantities are in base units.
 * <p>
 * The caller runs {@link PostingEngine#post} and stores the resulting documents in one transaction, so these
 * writes commit or roll back with the documents. The engine reads first and writes only once an event is
 * certain to post; the reads marked "locks" hold a row lock until the transaction ends, so two hub instances
 * posting against the same order line, RMA or transfer take turns instead of both passing the same check.
 */
public interface PostingState {

    /** Shipped and returned quantity of a sales order line (zero for a line never touched). Locks the line. */
    OrderLineProgress orderLine(String orderId, int lineNo);

    /**
     * Progress of several lines of one sales order, by line number (zero for a line never touched), every one of
     * them locked, in line-number order. The database does it in one statement for all of them, not one a line.
     */
    default SortedMap<Integer, OrderLineProgress> orderLines(String orderId, Collection<Integer> lineNos) {
        SortedMap<Integer, OrderLineProgress> progress = new TreeMap<>();
        new TreeSet<>(lineNos).forEach(lineNo -> progress.put(lineNo, orderLine(orderId, lineNo)));
        return progress;
    }

    void addShipped(String orderId, int lineNo, BigDecimal baseQuantity);

    /** Adds shipped base quantities (by line number) to lines of one order; the database does it in one batch. */
    default void addShipped(String orderId, Map<Integer, BigDecimal> baseQuantitiesByLine) {
        baseQuantitiesByLine.forEach((lineNo, quantity) -> addShipped(orderId, lineNo, quantity));
    }

    void addReturned(String orderId, int lineNo, BigDecimal baseQuantity);

    /** Quantity already credited under an RMA. Locks the RMA. */
    BigDecimal creditedUnderRma(String rmaId);

    void addCreditedUnderRma(String rmaId, BigDecimal baseQuantity);

    /** Remembers a return parked on HOLD or INSPECT; recording the same event again changes nothing. */
    void holdReturn(HeldReturn heldReturn);

    Optional<HeldReturn> heldReturn(String eventId);

    /** Held returns of an RMA not yet settled by a final disposition. */
    List<HeldReturn> heldReturns(String rmaId);

    /** Marks every held return of the RMA as settled by the event that brought the final disposition. */
    void releaseHeldReturns(String rmaId, String settledByEventId);

    void recordReceipt(PostedReceipt receipt);

    Optional<PostedReceipt> receipt(String receiptId);

    /** Posted receipts of a PO with this bill of lading, in the order they posted. */
    List<PostedReceipt> receiptsFor(String purchaseOrder, String billOfLading);

    /** sku -> base quantity posted so far on one leg of a transfer (empty if none). Locks the transfer's rows. */
    Map<String, BigDecimal> transferLeg(String transferId, TransferLeg leg);

    void addTransferLeg(String transferId, TransferLeg leg, Map<String, BigDecimal> quantitiesBySku);

    /** Progress of one sales order line, in base units. */
    record OrderLineProgress(BigDecimal shipped, BigDecimal returned) {

        public static final OrderLineProgress NONE = new OrderLineProgress(BigDecimal.ZERO, BigDecimal.ZERO);

        public BigDecimal shippedNotReturned() {
            return shipped.subtract(returned);
        }
    }

    enum TransferLeg {
        SHIPPED,
        RECEIVED
    }

    /**
     * A return waiting for its final disposition.
     *
     * @param settledByEventId the event whose final disposition settled it; null while it still waits
     */
    record HeldReturn(String eventId, String rmaId, String sourceDocument, BigDecimal quantity,
                      String settledByEventId) {

        public boolean isSettled() {
            return settledByEventId != null;
        }
    }

    /** A posted receipt, as landed-cost allocation needs it. */
    record PostedReceipt(String receiptId, String purchaseOrder, String billOfLading, String entity,
                         String currency, List<ReceiptLine> lines) {

        public PostedReceipt {
            lines = List.copyOf(lines);
        }
    }

    /**
     * @param unitCost  PO cost per base unit
     * @param value     base quantity x unit cost, rounded: the basis of value allocation
     * @param weightKg  base quantity x item weight (zero when the item has no weight)
     */
    record ReceiptLine(int lineNo, String sku, BigDecimal baseQuantity, String baseUom, BigDecimal unitCost,
                       BigDecimal value, BigDecimal weightKg) {
    }
}
