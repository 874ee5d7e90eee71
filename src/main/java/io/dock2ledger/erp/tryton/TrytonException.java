package io.dock2ledger.erp.tryton;

/**
 * Tryton refused a call, or could not be reached. Carries Tryton's own message (what a finance user reads) and the
 * category the adapter maps to an owner.
 */
public class TrytonException extends RuntimeException {

    private final TrytonErrorCategory category;
    private final String errorType;
    private final String trytonMessage;
    private final String method;
    private final String warningName;

    public TrytonException(TrytonErrorCategory category, String errorType, String trytonMessage, String method,
            Throwable cause) {
        this(category, errorType, trytonMessage, method, null, cause);
    }

    public TrytonException(TrytonErrorCategory category, String errorType, String trytonMessage, String method,
            String warningName, Throwable cause) {
        super(method + ": " + errorType + ": " + trytonMessage, cause);
        this.category = category;
        this.errorType = errorType;
        this.trytonMessage = trytonMessage;
        this.method = method;
        this.warningName = warningName;
    }

    /** For a {@link TrytonErrorCategory#WARNING}: the name to accept it by, e.g. {@code invoice_payment_term_1}. */
    public String warningName() {
        return warningName;
    }

    public TrytonErrorCategory category() {
        return category;
    }

    /** Tryton's exception class, e.g. {@code UserError}, {@code ConcurrencyException}, or {@code HTTP 401}. */
    public String errorType() {
        return errorType;
    }

    /** Tryton's message as it sent it, e.g. {@code To post move "3", you must balance all its lines ...}. */
    public String trytonMessage() {
        return trytonMessage;
    }

    /** The JSON-RPC method that failed, e.g. {@code model.account.move.post}. */
    public String method() {
        return method;
    }
}
