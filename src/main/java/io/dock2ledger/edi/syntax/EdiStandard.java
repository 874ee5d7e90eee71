package io.dock2ledger.edi.syntax;

/** The two EDI syntaxes the hub reads. */
public enum EdiStandard {
    X12,
    EDIFACT
}
