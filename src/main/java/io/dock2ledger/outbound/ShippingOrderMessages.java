package io.dock2ledger.outbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.ExceptionRecorder;
import io.dock2ledger.exceptions.HubException;

/**
 * The ERP's side of shipping orders (routes/shipping-orders-to-partners): one JSON {@link ShippingOrderRelease} per
 * message on {@code dock2ledger.erp.shipping-orders}. A release that cannot be sent is recorded as an exception with
 * its owner, and the route parks the original message on the queue's dead-letter queue, so nothing is lost and it can
 * be sent again once the cause is fixed.
 */
public class ShippingOrderMessages {

    private final ShippingOrders shippingOrders;
    private final ExceptionRecorder exceptions;
    private final ObjectMapper json;

    public ShippingOrderMessages(ShippingOrders shippingOrders, ExceptionRecorder exceptions, ObjectMapper json) {
        this.shippingOrders = shippingOrders;
        this.exceptions = exceptions;
        this.json = json;
    }

    /** @return the 940 that stands for the order (sent now, or before by the same release) */
    public OutboundDocument receive(String message) {
        ShippingOrderRelease release;
        try {
            release = json.readValue(message, ShippingOrderRelease.class);
        } catch (JsonProcessingException e) {
            throw new HubException(ExceptionCategory.UNKNOWN_ORDER, "The shipping order release is not a JSON "
                    + "release (orderId, warehouse, requestedShipDate, lines): " + e.getOriginalMessage());
        }
        return shippingOrders.release(release).document();
    }

    /** Records why a release message was refused or failed; the route then parks it on the dead-letter queue. */
    public void failed(Exception exception, String messageId, String deadLetterQueue) {
        ExceptionCategory category = HubException.categoryOf(exception);
        String reason = HubException.reasonOf(exception);
        exceptions.record(category, null, "shipping order release " + messageId, null, reason,
                "jms:" + deadLetterQueue + "/" + messageId);
    }
}
