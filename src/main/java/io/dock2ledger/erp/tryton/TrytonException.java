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

    public TrytonException(TrytonErrorCategory category, String errorType, String trytonMessage, String method,
            Throwable cause) {
        super(method + ": " + errorType + ": " + trytonMessage, cause);
        this.category = category;
        this.errorType = errorType;
        this.trytonMessage = trytonMessage;
        this.method = method;
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
