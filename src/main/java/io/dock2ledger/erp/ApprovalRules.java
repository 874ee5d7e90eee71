package io.dock2ledger.erp;

import io.dock2ledger.posting.documents.DocumentKind;
import io.dock2ledger.posting.documents.FinanceDocument;
import io.dock2ledger.posting.documents.JournalLine;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** The approval rules of {@code dock2ledger.erp.approvals}: why a document must wait for an approver, if it must. */
public class ApprovalRules {

    private final List<ErpProperties.ApprovalRule> rules;

    public ApprovalRules(List<ErpProperties.ApprovalRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The hold reason of the first rule the document matches, or empty to deliver it at once. */
    public Optional<String> holdReason(FinanceDocument doc) {
        for (ErpProperties.ApprovalRule rule : rules) {
            if (matches(rule, doc)) {
                return Optional.of(describe(rule, doc));
            }
        }
        return Optional.empty();
    }

    private static boolean matches(ErpProperties.ApprovalRule rule, FinanceDocument doc) {
        if (!rule.kinds().isEmpty() && !rule.kinds().contains(doc.kind())) {
            return false;
        }
        if (!rule.journalKinds().isEmpty() && !rule.journalKinds().contains(doc.journalKind())) {
            return false;
        }
        if (rule.periodAdjusted() && !doc.periodAdjusted()) {
            return false;
        }
        return rule.above() == null || amount(rule, doc).compareTo(rule.above()) > 0;
    }

    /** What the rule's threshold is compared with. */
    static BigDecimal amount(ErpProperties.ApprovalRule rule, FinanceDocument doc) {
        if (rule.creditAccount() != null) {
            return doc.journalLines().stream().filter(l -> rule.creditAccount().equals(l.account()))
                    .map(JournalLine::credit).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
        return doc.kind() != DocumentKind.JOURNAL && doc.total() != null ? doc.total() : doc.totalDebit();
    }

    private static String describe(ErpProperties.ApprovalRule rule, FinanceDocument doc) {
        String name = rule.name() == null ? "approval rule" : rule.name();
        if (rule.above() != null) {
            return name + ": " + amount(rule, doc).toPlainString() + " " + doc.currency() + " above "
                    + rule.above().toPlainString();
        }
        return rule.periodAdjusted() ? name + ": posted into " + doc.period() + " after its own period closed" : name;
    }
}
