package io.dock2ledger.operations.reconciliation;

import io.dock2ledger.exceptions.ExceptionCategory;

/**
 * The named differences of a reconciliation. Each is raised as the exception category of the same name, so it reaches
 * the owner {@code config/exception-owners.yaml} names for it.
 */
public enum DifferenceKind {
    /** A warehouse event of the day with no finance document (not posted, held back, failed or still waiting). */
    MISSING_POSTING,
    /** A quantity that differs: event line against document line, or document line against the ERP's row. */
    QUANTITY_MISMATCH,
    /** An amount that differs between the hub's document and what the ERP received. */
    AMOUNT_MISMATCH,
    /** More than one document of one journal kind for one business document. */
    POSTED_TWICE,
    /** A posted document the ERP has not confirmed; with the interface-table adapter: no interface rows. */
    NOT_CONFIRMED_BY_ERP;

    public ExceptionCategory category() {
        return ExceptionCategory.valueOf(name());
    }
}
