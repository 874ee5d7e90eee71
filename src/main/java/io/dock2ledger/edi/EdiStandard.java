package io.dock2ledger.edi;

/** The two EDI syntaxes the hub reads. */
public enum EdiStandard {
    X12,
    EDIFACT
}
