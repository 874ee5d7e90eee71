package io.dock2ledger.posting.documents;

/** What a finance document is for the ERP: a customer invoice, a customer credit memo or a general journal. */
public enum DocumentKind {
    INVOICE,
    CREDIT_MEMO,
    JOURNAL
}
