package io.dock2ledger.erp.tryton;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What a Tryton error means for the hub, read from Tryton's message (Tryton 6.0 sends no message id over JSON-RPC,
 * only the translated text, so the server language must stay English: the client logs in with "en").
 * The owner of each category is decided by the adapter that maps it to an exception category (issue 11).
 */
public enum TrytonErrorCategory {
    /** The posting date falls in a closed period (or, Tryton's misleading wording, a period "must be created"). */
    CLOSED_PERIOD(List.of(
            Pattern.compile("closed (journal-)?period", Pattern.CASE_INSENSITIVE),
            Pattern.compile("period .* is closed", Pattern.CASE_INSENSITIVE | Pattern.DOTALL),
            Pattern.compile("create a period for the date", Pattern.CASE_INSENSITIVE))),
    /** Debits and credits of a move differ. */
    UNBALANCED_MOVE(List.of(
            Pattern.compile("balance all its lines", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\bunbalanced\\b|\\bnot balanced\\b", Pattern.CASE_INSENSITIVE))),
    /** A party that does not exist, is not allowed there, or is missing where the account requires one. */
    UNKNOWN_PARTY(List.of(
            Pattern.compile("for field \"(Party|Invoice Address)\"", Pattern.CASE_INSENSITIVE),
            Pattern.compile("must set a party", Pattern.CASE_INSENSITIVE))),
    /**
     * A UserWarning: Tryton asks for a confirmation (e.g. a payment date in the past, normal for back-dated postings).
     * The caller may accept it with {@link TrytonClient#acceptWarning} and call again.
     */
    WARNING(List.of()),
    /** Login refused or session expired (HTTP 401/403). */
    AUTHENTICATION(List.of()),
    /** Tryton could not be reached or answered with an HTTP error: worth retrying later. */
    UNAVAILABLE(List.of()),
    /** Anything else Tryton refused. */
    OTHER(List.of());

    private final List<Pattern> messages;

    TrytonErrorCategory(List<Pattern> messages) {
        this.messages = messages;
    }

    /** The category of a Tryton application error (HTTP 200 with an "error" member), by its message. */
    public static TrytonErrorCategory ofMessage(String message) {
        for (TrytonErrorCategory category : values()) {
            if (category.messages.stream().anyMatch(pattern -> pattern.matcher(message).find())) {
                return category;
            }
        }
        return OTHER;
    }
}
