package io.dock2ledger.outbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.ExceptionRecorder;
import io.dock2ledger.exceptions.HubException;

/**
 * The ERP's side of shipping orders (routes/shipping-orders-to-partners): one JSON {@link ShippingOrderRelease} per
 * message on {@code dock2ledger.erp.shipping-orders}, read by the route's {@code unmarshal}. A release that cannot be sent is recorded as an exception with
 * its owner, and the route parks the original message on the queue's dead-letter queue, so nothing is lost and it can
 * be sent again once the cause is fixed.
 */
public class ShippingOrderMessages {

    private final ShippingOrders shippingOrders;
    private final ExceptionRecorder exceptions;

    public ShippingOrderMessages(ShippingOrders shippingOrders, ExceptionRecorder exceptions) {
        this.shippingOrders = shippingOrders;
        this.exceptions = exceptions;
    }

    /** @return the 940 that stands for the order (sent now, or before by the same release) */
    public OutboundDocument receive(ShippingOrderRelease release) {
        return shippingOrders.release(release).document();
    }

    /**
     * A message the route's unmarshal could not read is the ERP's mistake, not a technical failure: an owned
     * UNKNOWN_ORDER exception; the route parks the message at once instead of retrying it.
     */
    public void notARelease(Exception unreadable, String messageId, String deadLetterQueue) {
        Throwable cause = unreadable;
        while (cause != null && !(cause instanceof JsonProcessingException)) {
            cause = cause.getCause();
        }
        String reason = cause instanceof JsonProcessingException json ? json.getOriginalMessage()
                : String.valueOf(unreadable.getMessage());
        failed(new HubException(ExceptionCategory.UNKNOWN_ORDER, "The shipping order release is not a JSON "
                + "release (orderId, warehouse, requestedShipDate, lines): " + reason, unreadable),
                messageId, deadLetterQueue);
    }

    /** Records why a release message was refused or failed; the route then parks it on the dead-letter queue. */
    public void failed(Exception exception, String messageId, String deadLetterQueue) {
        ExceptionCategory category = HubException.categoryOf(exception);
        String reason = HubException.reasonOf(exception);
        exceptions.record(category, null, "shipping order release " + messageId, null, reason,
                "jms:" + deadLetterQueue + "/" + messageId);
    }
}
