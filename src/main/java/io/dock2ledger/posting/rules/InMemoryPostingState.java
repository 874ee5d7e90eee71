package io.dock2ledger.posting.rules;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Posting state in memory: for tests and tools that post without a database. Not transactional: the engine
 * writes only once an event posts, so nothing is left half-written; but it does not survive a restart and
 * does not coordinate several hub instances (that is {@link JdbcPostingState}'s job).
 */
public final class InMemoryPostingState implements PostingState {

    private final Map<String, OrderLineProgress> orderLines = new HashMap<>();
    private final Map<String, BigDecimal> creditedByRma = new HashMap<>();
    private final Map<String, HeldReturn> heldReturns = new LinkedHashMap<>();
    private final Map<String, PostedReceipt> receipts = new LinkedHashMap<>();
    private final Map<String, Map<String, BigDecimal>> transferLegs = new HashMap<>();

    @Override
    public synchronized OrderLineProgress orderLine(String orderId, int lineNo) {
        return orderLines.getOrDefault(key(orderId, lineNo), OrderLineProgress.NONE);
    }

    @Override
    public synchronized void addShipped(String orderId, int lineNo, BigDecimal baseQuantity) {
        OrderLineProgress now = orderLine(orderId, lineNo);
        orderLines.put(key(orderId, lineNo), new OrderLineProgress(now.shipped().add(baseQuantity), now.returned()));
    }

    @Override
    public synchronized void addReturned(String orderId, int lineNo, BigDecimal baseQuantity) {
        OrderLineProgress now = orderLine(orderId, lineNo);
        orderLines.put(key(orderId, lineNo), new OrderLineProgress(now.shipped(), now.returned().add(baseQuantity)));
    }

    @Override
    public synchronized BigDecimal creditedUnderRma(String rmaId) {
        return creditedByRma.getOrDefault(rmaId, BigDecimal.ZERO);
    }

    @Override
    public synchronized void addCreditedUnderRma(String rmaId, BigDecimal baseQuantity) {
        creditedByRma.merge(rmaId, baseQuantity, BigDecimal::add);
    }

    @Override
    public synchronized void holdReturn(HeldReturn heldReturn) {
        heldReturns.putIfAbsent(heldReturn.eventId(), heldReturn);
    }

    @Override
    public synchronized Optional<HeldReturn> heldReturn(String eventId) {
        return Optional.ofNullable(heldReturns.get(eventId));
    }

    @Override
    public synchronized List<HeldReturn> heldReturns(String rmaId) {
        return heldReturns.values().stream()
                .filter(h -> h.rmaId().equals(rmaId) && !h.isSettled())
                .toList();
    }

    @Override
    public synchronized void releaseHeldReturns(String rmaId, String settledByEventId) {
        heldReturns.replaceAll((eventId, held) -> held.rmaId().equals(rmaId) && !held.isSettled()
                ? new HeldReturn(held.eventId(), held.rmaId(), held.sourceDocument(), held.quantity(), settledByEventId)
                : held);
    }

    @Override
    public synchronized void recordReceipt(PostedReceipt receipt) {
        if (receipts.putIfAbsent(receipt.receiptId(), receipt) != null) {
            throw new IllegalStateException("Receipt " + receipt.receiptId() + " has already posted");
        }
    }

    @Override
    public synchronized Optional<PostedReceipt> receipt(String receiptId) {
        return Optional.ofNullable(receipts.get(receiptId));
    }

    @Override
    public synchronized List<PostedReceipt> receiptsFor(String purchaseOrder, String billOfLading) {
        return receipts.values().stream()
                .filter(r -> r.purchaseOrder().equals(purchaseOrder) && Objects.equals(r.billOfLading(), billOfLading))
                .toList();
    }

    @Override
    public synchronized Map<String, BigDecimal> transferLeg(String transferId, TransferLeg leg) {
        return Map.copyOf(transferLegs.getOrDefault(transferId + '\u0000' + leg, Map.of()));
    }

    @Override
    public synchronized void addTransferLeg(String transferId, TransferLeg leg, Map<String, BigDecimal> quantitiesBySku) {
        Map<String, BigDecimal> quantities = transferLegs.computeIfAbsent(transferId + '\u0000' + leg,
                k -> new LinkedHashMap<>());
        quantitiesBySku.forEach((sku, quantity) -> quantities.merge(sku, quantity, BigDecimal::add));
    }

    private static String key(String orderId, int lineNo) {
        return orderId + '\u0000' + lineNo;
    }
}
