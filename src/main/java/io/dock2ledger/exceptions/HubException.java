package io.dock2ledger.exceptions;

/**
 * A business reason why a file, document or event cannot go on, with the category that decides who owns it.
 * Routes turn it into an exception record (never a crash, never a silent drop).
 */
public class HubException extends RuntimeException {

    private final ExceptionCategory category;

    public HubException(ExceptionCategory category, String reason) {
        super(reason);
        this.category = category;
    }

    public HubException(ExceptionCategory category, String reason, Throwable cause) {
        super(reason, cause);
        this.category = category;
    }

    public ExceptionCategory category() {
        return category;
    }

    /** The business reason behind a failure, however deeply a framework wrapped it; null if there is none. */
    public static HubException findIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HubException hub) {
                return hub;
            }
        }
        return null;
    }

    /** The category to record a failure under: its business reason's, else DELIVERY_FAILED (a technical failure). */
    public static ExceptionCategory categoryOf(Throwable failure) {
        HubException business = findIn(failure);
        return business != null ? business.category() : ExceptionCategory.DELIVERY_FAILED;
    }

    /** The sentence to record for a failure: its business reason, else the failure's own message or class. */
    public static String reasonOf(Throwable failure) {
        HubException business = findIn(failure);
        Throwable cause = business != null ? business : failure;
        return cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
    }
}
