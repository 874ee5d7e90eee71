package io.dock2ledger.posting.rules;

import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.posting.documents.DocumentKind;
import io.dock2ledger.posting.documents.FinanceDocument;
import io.dock2ledger.posting.documents.InvoiceLine;
import io.dock2ledger.posting.documents.JournalLine;
import io.dock2ledger.posting.documents.Money;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/** Builds finance documents with the header every document of an event shares (source, dates). */
final class Documents {

    private Documents() {
    }

    static FinanceDocument journal(CanonicalEvent event, String journalKind, String entity, String currency,
                                   String counterparty, String orderRef, List<JournalLine> lines) {
        return document(event, DocumentKind.JOURNAL, journalKind, entity, currency, counterparty, orderRef,
                null, null, null, List.of(), lines);
    }

    static FinanceDocument commercial(CanonicalEvent event, DocumentKind kind, String journalKind, String entity,
                                      String currency, String counterparty, String orderRef,
                                      List<InvoiceLine> invoiceLines, List<JournalLine> lines) {
        BigDecimal net = invoiceLines.stream().map(InvoiceLine::net).reduce(Money.zero(), BigDecimal::add);
        BigDecimal tax = invoiceLines.stream().map(InvoiceLine::tax).reduce(Money.zero(), BigDecimal::add);
        return document(event, kind, journalKind, entity, currency, counterparty, orderRef,
                net, tax, net.add(tax), invoiceLines, lines);
    }

    /** The same document on another posting date (period policy). */
    static FinanceDocument postedOn(FinanceDocument d, LocalDate date, boolean periodAdjusted) {
        return new FinanceDocument(d.kind(), d.journalKind(), d.entity(), d.currency(), date,
                YearMonth.from(date).toString(), periodAdjusted, d.eventId(), d.sourcePartner(), d.sourceEventType(),
                d.sourceDocument(), d.counterparty(), d.orderRef(), d.net(), d.tax(), d.total(), d.invoiceLines(),
                d.journalLines());
    }

    /** The date an event posts on before period rules: its business date, for a charge its invoice date. */
    static LocalDate businessDate(CanonicalEvent event) {
        if (event.businessDate() != null) {
            return event.businessDate();
        }
        return event.charge() == null ? null : event.charge().invoiceDate();
    }

    private static FinanceDocument document(CanonicalEvent event, DocumentKind kind, String journalKind,
                                            String entity, String currency, String counterparty, String orderRef,
                                            BigDecimal net, BigDecimal tax, BigDecimal total,
                                            List<InvoiceLine> invoiceLines, List<JournalLine> lines) {
        LocalDate date = businessDate(event);
        return new FinanceDocument(kind, journalKind, entity, currency, date, YearMonth.from(date).toString(), false,
                event.eventId(), event.source().partner(), event.type(), event.source().documentId(),
                counterparty, orderRef, net, tax, total, invoiceLines, lines);
    }
}
