package io.dock2ledger.posting.rules;

import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.EventType;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.posting.documents.FinanceDocument;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one enriched canonical event into balanced finance documents, or says why not.
 * <p>
 * Stateless about time: an event that depends on something not posted yet is {@link PostingOutcome.Waiting}, and
 * the caller decides when a wait has lasted too long. The caller runs {@link #post} and stores the documents in
 * one transaction with the {@link PostingState} it passed in; state is written only for Posted and Waiting.
 */
public final class PostingEngine {

    private final Map<EventType, EventRule> rules;
    private final PeriodPolicy periodPolicy;
    private final JournalBalanceCheck balanceCheck = new JournalBalanceCheck();

    public PostingEngine(MasterData masterData, RuleBook postingRules, PostingState state) {
        this(standardRules(masterData, postingRules, state), new PeriodPolicy(masterData, postingRules.periodPolicy()));
    }

    /** With other rules (tests: a rule that produces an unbalanced journal must still never post). */
    PostingEngine(Map<EventType, EventRule> rules, PeriodPolicy periodPolicy) {
        this.rules = Map.copyOf(rules);
        this.periodPolicy = periodPolicy;
    }

    private static Map<EventType, EventRule> standardRules(MasterData masterData, RuleBook postingRules,
                                                             PostingState state) {
        EventFacts facts = new EventFacts(masterData);
        TransferPosting transfers = new TransferPosting(facts, postingRules, state);
        Map<EventType, EventRule> rules = new EnumMap<>(EventType.class);
        rules.put(EventType.SHIPMENT_CONFIRMED, new ShipmentPosting(facts, postingRules, state));
        rules.put(EventType.GOODS_RECEIVED, new ReceiptPosting(facts, postingRules, state));
        rules.put(EventType.RETURN_RECEIVED, new ReturnPosting(facts, postingRules, state));
        rules.put(EventType.INVENTORY_ADJUSTED, new AdjustmentPosting(facts, postingRules));
        rules.put(EventType.TRANSFER_SHIPPED, transfers);
        rules.put(EventType.TRANSFER_RECEIVED, transfers);
        rules.put(EventType.LANDED_COST_CHARGED, new LandedCostPosting(postingRules, state));
        return rules;
    }

    public PostingOutcome post(CanonicalEvent event) {
        Optional<PostingOutcome.Rejected> malformed = checkHeader(event);
        if (malformed.isPresent()) {
            return malformed.get();
        }
        EventRule rule = rules.get(event.eventType());
        if (rule == null) {
            return new PostingOutcome.Rejected(ExceptionCategory.UNKNOWN_DOCUMENT,
                    "The posting engine has no rule for " + event.type() + " events");
        }
        RuleResult result;
        try {
            result = rule.evaluate(event);
        } catch (PostingStop stop) {
            return stop.outcome();
        }
        if (!(result.outcome() instanceof PostingOutcome.Posted posted)) {
            result.stateWrites().run();
            return result.outcome();
        }
        List<FinanceDocument> documents = new ArrayList<>();
        for (FinanceDocument document : posted.documents()) {
            PeriodPolicy.Decision decision = periodPolicy.decide(document.entity(), document.postingDate());
            if (decision instanceof PeriodPolicy.Hold hold) {
                return new PostingOutcome.Rejected(ExceptionCategory.CLOSED_PERIOD_HOLD,
                        document.sourceDocument() + ": " + hold.reason());
            }
            PeriodPolicy.PostOn on = (PeriodPolicy.PostOn) decision;
            documents.add(Documents.postedOn(document, on.date(), on.periodAdjusted()));
        }
        Optional<PostingOutcome.Rejected> unbalanced = balanceCheck.verify(documents);
        if (unbalanced.isPresent()) {
            return unbalanced.get();
        }
        result.stateWrites().run();
        return new PostingOutcome.Posted(documents);
    }

    private static Optional<PostingOutcome.Rejected> checkHeader(CanonicalEvent event) {
        String problem = null;
        if (event.type() == null || isUnknownType(event.type())) {
            return Optional.of(new PostingOutcome.Rejected(ExceptionCategory.UNKNOWN_DOCUMENT,
                    "Event " + event.eventId() + " has type '" + event.type() + "', which is not a posting event type"));
        }
        if (event.source() == null || event.source().documentId() == null) {
            problem = "Event " + event.eventId() + " (" + event.type() + ") does not say which business document it is";
        } else if (Documents.businessDate(event) == null) {
            problem = event.source().documentId() + " has no business date to post on";
        }
        return Optional.ofNullable(problem)
                .map(p -> new PostingOutcome.Rejected(ExceptionCategory.SCHEMA_INVALID, p));
    }

    private static boolean isUnknownType(String type) {
        try {
            EventType.fromCode(type);
            return false;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
