package io.dock2ledger.exceptions;

/**
 * Why an event or file stopped. Each category has an owning team (config/exception-owners.yaml), so every
 * failure is visible and owned by someone.
 */
public enum ExceptionCategory {
    /** A file that cannot be read as its declared format. */
    MALFORMED_FILE,
    /** A file in an inbox under a name a partner may not use (intake.PartnerFileNames): quarantined, never read. */
    FILE_NAME_REFUSED,
    /** A file or message from a partner the registry does not know, or of a document type it does not declare. */
    UNKNOWN_DOCUMENT,
    /** A partner mapping that failed on a document (a JSONata error or an unusable result). */
    MAPPING_FAILED,
    /** A mapped event that does not satisfy its canonical JSON Schema. */
    SCHEMA_INVALID,
    /** A prepared event too large for one posting message (dock2ledger.broker.max-message-size): the document is to be
     *  split, or the limit raised; never sent as a broker "large message" (docs/reliability.md). */
    EVENT_TOO_LARGE,
    /** An EDI interchange, group or set rejected at syntax or envelope level. */
    EDI_REJECTED,
    /** The same interchange (sender and control number) received again. */
    DUPLICATE_INTERCHANGE,
    /** A partner rejected a document the hub sent it (997/999 AK5 or AK9 R, TA1 R). */
    OUTBOUND_REJECTED,
    /** A partner did not acknowledge a document the hub sent it within its ackWithin. */
    ACK_OVERDUE,
    /** A 997, 999 or TA1 that answers nothing the hub sent, or contradicts an earlier answer. */
    UNMATCHED_ACKNOWLEDGMENT,
    UNKNOWN_ITEM,
    UNKNOWN_UNIT,
    UNKNOWN_LOCATION,
    UNKNOWN_CUSTOMER,
    UNKNOWN_ORDER,
    OVER_SHIPMENT,
    OVER_RETURN,
    UNKNOWN_REASON_CODE,
    TRANSFER_QUANTITY_MISMATCH,
    UNMATCHED_CHARGE,
    CLOSED_PERIOD_HOLD,
    UNBALANCED_JOURNAL,
    /** A resend of a posted document with different content: never a second posting. */
    POSSIBLE_CORRECTION,
    /** An event that waited too long for the event it depends on (its shipment, receipt or other leg). */
    DEPENDENCY_TIMEOUT,
    /** A technical failure that exhausted its retries (database, broker, ERP down). */
    DELIVERY_FAILED,
    /** An accepted event that stayed neither posted nor failed although the hub re-drove it (docs/reliability.md). */
    UNSETTLED_EVENT,
    /** A file left in an inbox that the hub could not take (no partner owns the folder, a name it cannot read, still
     *  changing), quarantined by the stuck-file check. */
    STUCK_FILE,
    /** Reconciliation: a warehouse event of the day with no finance document posted for it. */
    MISSING_POSTING,
    /** Reconciliation: a line's quantity differs between the warehouse event, the hub's document or the ERP's rows. */
    QUANTITY_MISMATCH,
    /** Reconciliation: an amount differs between the hub's document and what the ERP received. */
    AMOUNT_MISMATCH,
    /** Reconciliation: one business document posted more than once (two documents of one journal kind). */
    POSTED_TWICE,
    /** Reconciliation: a posted document the ERP has not confirmed (today: no interface-table rows for it). */
    NOT_CONFIRMED_BY_ERP,
    /** The ERP refused a document: the period of its date is closed there (the hub's master data thought it open). */
    ERP_CLOSED_PERIOD,
    /** The ERP found a journal unbalanced (debits and credits differ as it rounded or read them). */
    ERP_UNBALANCED_MOVE,
    /** The ERP does not know the customer or supplier of a document (or it lacks an address there). */
    ERP_UNKNOWN_PARTY,
    /** The ERP lacks a record the document needs by code: company, account, product, tax, journal, period. */
    ERP_MISSING_MASTER_DATA,
    /** What the ERP holds under the document's number differs from the document (amounts, accounts, source). */
    ERP_POSTED_MISMATCH,
    /** The ERP refused a document for any other reason; its own message is the reason. */
    ERP_REJECTED
}
