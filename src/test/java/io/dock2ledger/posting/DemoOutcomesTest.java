package io.dock2ledger.posting;

import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.posting.documents.FinanceDocument;
import io.dock2ledger.posting.rules.InMemoryPostingState;
import io.dock2ledger.posting.rules.PostingEngine;
import io.dock2ledger.posting.rules.PostingFixtures;
import io.dock2ledger.posting.rules.PostingOutcome;
import io.dock2ledger.posting.rules.RuleBook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DemoOutcomesTest {

    private final MasterData masterData = PostingFixtures.masterData();
    private final RuleBook rules = PostingFixtures.rules(masterData);

    private List<FinanceDocument> postDemo(List<CanonicalEvent> events) {
        PostingHarness harness = new PostingHarness(new PostingEngine(masterData, rules, new InMemoryPostingState()));
        Map<String, PostingOutcome> outcomes = harness.postAll(events);
        assertThat(outcomes.values()).as("every demo event posts").allSatisfy(o ->
                assertThat(o).isInstanceOf(PostingOutcome.Posted.class));
        assertThat(outcomes).hasSize(9);
        return harness.documents();
    }

    @Test
    void demoEventsProduceEveryExpectedFigure() {
        DemoExpectations.assertMatchesExpected(postDemo(PostingFixtures.demoEvents()));
    }

    @Test
    void demoEventsInArrivalOrderPostWithoutWaiting() {
        PostingEngine engine = new PostingEngine(masterData, rules, new InMemoryPostingState());
        for (CanonicalEvent event : PostingFixtures.demoEvents()) {
            assertThat(engine.post(event)).as(event.source().documentId()).isInstanceOf(PostingOutcome.Posted.class);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42, 2026, 31337, 99991})
    void shuffledDemoEventsPostTheSameDocuments(long seed) {
        List<FinanceDocument> inOrder = sorted(postDemo(PostingFixtures.demoEvents()));
        List<CanonicalEvent> shuffled = new ArrayList<>(PostingFixtures.demoEvents());
        Collections.shuffle(shuffled, new Random(seed));

        List<FinanceDocument> fromShuffled = postDemo(shuffled);

        DemoExpectations.assertMatchesExpected(fromShuffled);
        assertThat(sorted(fromShuffled)).isEqualTo(inOrder);
    }

    @Test
    void reverseOrderMakesDependentsWaitAndThenPost() {
        List<CanonicalEvent> reversed = new ArrayList<>(PostingFixtures.demoEvents());
        Collections.reverse(reversed);
        PostingEngine engine = new PostingEngine(masterData, rules, new InMemoryPostingState());

        assertThat(engine.post(reversed.get(0))).as("transfer received before shipped")
                .isInstanceOfSatisfying(PostingOutcome.Waiting.class, w ->
                        assertThat(w.reason()).contains("TRF-1101", "WH-WEST", "shipping leg"));

        DemoExpectations.assertMatchesExpected(postDemo(reversed));
    }

    static List<FinanceDocument> sorted(List<FinanceDocument> documents) {
        return documents.stream()
                .sorted(Comparator.comparing(FinanceDocument::sourceDocument)
                        .thenComparing(FinanceDocument::sourceEventType)
                        .thenComparing(FinanceDocument::journalKind))
                .toList();
    }
}
