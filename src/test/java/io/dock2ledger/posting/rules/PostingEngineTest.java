package io.dock2ledger.posting.rules;

import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.EventSource;
import io.dock2ledger.canonical.EventType;
import io.dock2ledger.canonical.References;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.posting.DemoExpectations;
import io.dock2ledger.posting.documents.DocumentKind;
import io.dock2ledger.posting.documents.FinanceDocument;
import io.dock2ledger.posting.documents.JournalLine;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class PostingEngineTest {

    private final MasterData masterData = PostingFixtures.masterData();

    @Test
    void aJournalThatWouldNotBalanceIsRejectedAndLeavesNoState() {
        AtomicBoolean stateWritten = new AtomicBoolean();
        EventRule faulty = event -> RuleResult.posted(List.of(Documents.journal(event, "COGS", "US01", "USD", null,
                null, List.of(
                        new JournalLine(1, "5000", new BigDecimal("10.00"), BigDecimal.ZERO, null, null),
                        new JournalLine(2, "1200", BigDecimal.ZERO, new BigDecimal("9.99"), null, null)))),
                () -> stateWritten.set(true));
        PostingEngine engine = new PostingEngine(Map.of(EventType.SHIPMENT_CONFIRMED, faulty),
                new PeriodPolicy(masterData, PeriodPolicyMode.ROLL_FORWARD));

        PostingOutcome outcome = engine.post(PostingFixtures.demoEvent("SHP-9001"));

        assertThat(outcome).isEqualTo(new PostingOutcome.Rejected(ExceptionCategory.UNBALANCED_JOURNAL,
                "The COGS journal for SHP-9001 would not balance: debits 10.00, credits 9.99; nothing was posted"));
        assertThat(stateWritten).isFalse();
    }

    @Test
    void aJournalLineWithBothSidesIsRejected() {
        FinanceDocument twoSided = new FinanceDocument(DocumentKind.JOURNAL, "COGS", "US01", "USD",
                LocalDate.of(2026, 11, 26), "2026-11", false, "e", "p", "shipment.confirmed", "SHP-1", null, null,
                null, null, null, List.of(), List.of(
                new JournalLine(1, "5000", new BigDecimal("5.00"), new BigDecimal("5.00"), null, null)));

        assertThat(new JournalBalanceCheck().verify(List.of(twoSided))).hasValueSatisfying(r ->
                assertThat(r.category()).isEqualTo(ExceptionCategory.UNBALANCED_JOURNAL));
    }

    @Test
    void anEventTypeOutsideTheContractIsAnUnknownDocument() {
        PostingEngine engine = new PostingEngine(masterData, PostingFixtures.rules(masterData), new InMemoryPostingState());
        CanonicalEvent odd = new CanonicalEvent("e1", "inventory.snapshot", "1.0",
                new EventSource("acme-3pl", null, "file", "x", "SNAP-1", null), null, LocalDate.of(2026, 11, 26),
                Instant.EPOCH, "ACME-NJ", null, References.NONE, List.of(), null);

        assertThat(engine.post(odd)).isEqualTo(new PostingOutcome.Rejected(ExceptionCategory.UNKNOWN_DOCUMENT,
                "Event e1 has type 'inventory.snapshot', which is not a posting event type"));
    }

    @Test
    void anEventWithoutBusinessDateIsSchemaInvalid() {
        PostingEngine engine = new PostingEngine(masterData, PostingFixtures.rules(masterData), new InMemoryPostingState());
        CanonicalEvent shipment = PostingFixtures.demoEvent("SHP-9001");
        CanonicalEvent undated = shipment.withWarehouse("ACME-NJ", null);

        assertThat(engine.post(undated)).isEqualTo(new PostingOutcome.Rejected(ExceptionCategory.SCHEMA_INVALID,
                "SHP-9001 has no business date to post on"));
    }

    @Test
    void aReversalSwapsEveryDebitAndCredit() {
        PostingEngine engine = new PostingEngine(masterData, PostingFixtures.rules(masterData), new InMemoryPostingState());
        FinanceDocument invoice = ((PostingOutcome.Posted) engine.post(PostingFixtures.demoEvent("SHP-9001")))
                .documents().get(0);

        FinanceDocument reversal = ReversingEntries.reverse(invoice, "customer refused delivery", LocalDate.of(2026, 12, 2));

        assertThat(reversal.kind()).isEqualTo(DocumentKind.JOURNAL);
        assertThat(reversal.journalKind()).isEqualTo("REVERSAL");
        assertThat(reversal.postingDate()).isEqualTo(LocalDate.of(2026, 12, 2));
        assertThat(reversal.period()).isEqualTo("2026-12");
        assertThat(reversal.entity()).isEqualTo("US01");
        assertThat(reversal.sourceDocument()).isEqualTo("SHP-9001");
        assertThat(reversal.isBalanced()).isTrue();
        assertThat(DemoExpectations.byAccount(reversal)).containsEntry("1100", new BigDecimal("-443.02"))
                .containsEntry("4000", new BigDecimal("410.20")).containsEntry("2200", new BigDecimal("32.82"));
        assertThat(reversal.journalLines()).allSatisfy(l ->
                assertThat(l.memo()).isEqualTo("reverses AR_INVOICE SHP-9001 of 2026-11-26: customer refused delivery"));
    }
}
