package io.dock2ledger.posting;

import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.EventLine;
import io.dock2ledger.canonical.References;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.masterdata.MasterDataSeed;
import io.dock2ledger.masterdata.PurchaseOrderLine;
import io.dock2ledger.masterdata.SalesOrderLine;
import io.dock2ledger.masterdata.UomConversion;
import io.dock2ledger.posting.documents.DocumentKind;
import io.dock2ledger.posting.documents.FinanceDocument;
import io.dock2ledger.posting.rules.InMemoryPostingState;
import io.dock2ledger.posting.rules.LandedCostAllocator;
import io.dock2ledger.posting.rules.PostingEngine;
import io.dock2ledger.posting.rules.PostingFixtures;
import io.dock2ledger.posting.rules.PostingOutcome;
import io.dock2ledger.posting.rules.RuleBook;
import io.dock2ledger.posting.rules.UnitConversion;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class PostingPropertiesTest {

    private static final LocalDate NOV_26 = LocalDate.of(2026, 11, 26);
    private static final Map<String, String> WAREHOUSE_OF_ENTITY = Map.of("US01", "ACME-NJ", "US02", "WH-WEST");

    private final MasterData masterData = PostingFixtures.masterData();
    private final RuleBook rules = PostingFixtures.rules(masterData);
    private final MasterDataSeed seed = new MasterDataSeed(PostingFixtures.MASTER_DATA);

    // ------------------------------------------------------------------ every journal balances

    @Property(tries = 300)
    void everyJournalTheEngineEmitsBalances(@ForAll("eventStreams") List<CanonicalEvent> events) {
        PostingEngine engine = new PostingEngine(masterData, rules, new InMemoryPostingState());
        for (CanonicalEvent event : events) {
            PostingOutcome outcome = engine.post(event);
            if (outcome instanceof PostingOutcome.Posted posted) {
                for (FinanceDocument document : posted.documents()) {
                    assertThat(document.isBalanced()).as(document.journalKind() + " of " + document.sourceDocument()).isTrue();
                    assertThat(document.journalLines()).allSatisfy(line -> {
                        assertThat(line.debit().signum() == 0).isNotEqualTo(line.credit().signum() == 0);
                        assertThat(line.debit().scale()).isEqualTo(2);
                        assertThat(line.credit().scale()).isEqualTo(2);
                    });
                    if (document.kind() != DocumentKind.JOURNAL) {
                        assertThat(document.total()).isEqualByComparingTo(document.net().add(document.tax()));
                    }
                }
            } else if (outcome instanceof PostingOutcome.Rejected rejected) {
                assertThat(rejected.category()).as(rejected.reason()).isNotEqualTo(ExceptionCategory.UNBALANCED_JOURNAL);
            }
        }
    }

    @Provide
    Arbitrary<List<CanonicalEvent>> eventStreams() {
        Arbitrary<CanonicalEvent> any = Arbitraries.oneOf(shipments(), adjustments(), receipts());
        return any.list().ofMinSize(1).ofMaxSize(12);
    }

    private Arbitrary<BigDecimal> quantities() {
        return Arbitraries.bigDecimals().between(new BigDecimal("0.001"), new BigDecimal("500")).ofScale(3)
                .edgeCases(edges -> edges.add(BigDecimal.ONE));
    }

    private Arbitrary<CanonicalEvent> shipments() {
        List<SalesOrderLine> orderLines = seed.salesOrderLines();
        Arbitrary<SalesOrderLine> orderLine = Arbitraries.of(orderLines);
        return Combinators.combine(orderLine, quantities(), units(), Arbitraries.strings().numeric().ofLength(6))
                .as((line, quantity, inCases, id) -> {
                    String warehouse = WAREHOUSE_OF_ENTITY.get(line.entity());
                    return PostingFixtures.event("shipment.confirmed", "SHP-" + id, warehouse, NOV_26,
                            PostingFixtures.refs().order(line.orderId()).build(),
                            List.of(eventLine(line.lineNo(), line.sku(), quantity, inCases, null)));
                });
    }

    private Arbitrary<CanonicalEvent> receipts() {
        Arbitrary<PurchaseOrderLine> poLine = Arbitraries.of(seed.purchaseOrderLines());
        return Combinators.combine(poLine, quantities(), units(), Arbitraries.strings().numeric().ofLength(6))
                .as((line, quantity, inCases, id) -> PostingFixtures.event("goods.received", "RCV-" + id, "ACME-NJ",
                        NOV_26, PostingFixtures.refs().purchaseOrder(line.poId()).receipt("RCV-" + id)
                                .billOfLading("BOL" + id).build(),
                        List.of(eventLine(line.lineNo(), line.sku(), quantity, inCases, null))));
    }

    private Arbitrary<CanonicalEvent> adjustments() {
        Arbitrary<String> sku = Arbitraries.of("MUG-RED", "MUG-BLU", "KETTLE-1L", "TEA-EARL");
        Arbitrary<String> code = Arbitraries.of(List.copyOf(rules.forEntity("US01").adjustment().reasonCodes().keySet()));
        Arbitrary<EventLine> line = Combinators.combine(sku, quantities(), Arbitraries.of(1, -1), code)
                .as((s, q, sign, c) -> eventLine(1, s, q.multiply(BigDecimal.valueOf(sign)), false, c));
        return Combinators.combine(line.list().ofMinSize(1).ofMaxSize(5), Arbitraries.strings().numeric().ofLength(6))
                .as((lines, id) -> PostingFixtures.event("inventory.adjusted", "ADJ-" + id, "ACME-NJ", NOV_26,
                        References.NONE, lines));
    }

    /** true: the partner sends cases and leaves the base quantity to the engine (where the item has cases). */
    private Arbitrary<Boolean> units() {
        return Arbitraries.of(true, false);
    }

    private EventLine eventLine(int lineNo, String sku, BigDecimal quantity, boolean inCases, String reasonCode) {
        boolean hasCases = masterData.baseUnitsPer(sku, "CA").isPresent();
        if (inCases && hasCases) {
            return new EventLine(lineNo, null, sku, quantity, "CA", null, null, null, reasonCode, null, null);
        }
        return new EventLine(lineNo, null, sku, quantity, "EA", quantity, "EA", null, reasonCode, null, null);
    }

    // ------------------------------------------------------------------ landed-cost allocation

    @Property(tries = 1000)
    void landedCostSharesSumExactlyToTheChargeWithTheRemainderOnTheLargestLine(
            @ForAll("charges") BigDecimal charge, @ForAll("bases") List<BigDecimal> bases) {
        List<LandedCostAllocator.BasisLine> lines = new ArrayList<>();
        for (int i = 0; i < bases.size(); i++) {
            lines.add(new LandedCostAllocator.BasisLine("L" + i, bases.get(i)));
        }

        List<LandedCostAllocator.Share> shares = LandedCostAllocator.allocate(charge, lines);

        assertThat(shares.stream().map(LandedCostAllocator.Share::amount).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo(charge);
        BigDecimal total = bases.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        int largest = 0;
        for (int i = 1; i < bases.size(); i++) {
            if (bases.get(i).compareTo(bases.get(largest)) > 0) {
                largest = i;
            }
        }
        for (int i = 0; i < shares.size(); i++) {
            assertThat(shares.get(i).amount().scale()).isEqualTo(2);
            if (i != largest) {
                BigDecimal proportional = charge.multiply(bases.get(i)).divide(total, 2, RoundingMode.HALF_UP);
                assertThat(shares.get(i).amount()).as("share of line " + i).isEqualByComparingTo(proportional);
            }
        }
    }

    @Provide
    Arbitrary<BigDecimal> charges() {
        return Arbitraries.bigDecimals().between(new BigDecimal("-10000"), new BigDecimal("100000")).ofScale(2)
                .filter(c -> c.signum() != 0);
    }

    @Provide
    Arbitrary<List<BigDecimal>> bases() {
        Arbitrary<BigDecimal> basis = Arbitraries.oneOf(
                Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("1000000")).ofScale(4),
                Arbitraries.of(BigDecimal.ZERO, BigDecimal.ONE, new BigDecimal("3"), new BigDecimal("84.000")));
        return basis.list().ofMinSize(1).ofMaxSize(20)
                .filter(list -> list.stream().anyMatch(b -> b.signum() > 0));
    }

    // ------------------------------------------------------------------ unit conversion

    @Property(tries = 1000)
    void unitConversionsRoundTrip(@ForAll("conversions") UomConversion conversion, @ForAll("baseQuantities") BigDecimal baseQuantity) {
        BigDecimal per = masterData.baseUnitsPer(conversion.sku(), conversion.uom()).orElseThrow();

        BigDecimal inUnit = UnitConversion.fromBase(baseQuantity, per);

        assertThat(UnitConversion.toBase(inUnit, per)).isEqualByComparingTo(baseQuantity);
    }

    @Provide
    Arbitrary<UomConversion> conversions() {
        return Arbitraries.of(seed.uomConversions());
    }

    @Provide
    Arbitrary<BigDecimal> baseQuantities() {
        return Arbitraries.bigDecimals().between(new BigDecimal("-100000"), new BigDecimal("100000")).ofScale(4);
    }

    // ------------------------------------------------------------------ shuffled and duplicated streams

    @Property(tries = 200)
    void shuffledAndDuplicatedStreamsPostTheSameDocumentsOnce(
            @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 8) Integer> duplicates, @ForAll long seed) {
        List<CanonicalEvent> demo = PostingFixtures.demoEvents();
        List<CanonicalEvent> stream = new ArrayList<>(demo);
        duplicates.forEach(i -> stream.add(demo.get(i)));
        Collections.shuffle(stream, new Random(seed));

        PostingHarness harness = new PostingHarness(new PostingEngine(masterData, rules, new InMemoryPostingState()));
        harness.postAll(stream);

        List<FinanceDocument> documents = harness.documents();
        assertThat(documents).hasSize(12);
        DemoExpectations.assertMatchesExpected(documents);
        assertThat(DemoOutcomesTest.sorted(documents)).isEqualTo(DemoOutcomesTest.sorted(baseline()));
    }

    private List<FinanceDocument> baseline;

    private List<FinanceDocument> baseline() {
        if (baseline == null) {
            baseline = postInOrder();
        }
        return baseline;
    }

    private List<FinanceDocument> postInOrder() {
        PostingHarness harness = new PostingHarness(new PostingEngine(masterData, rules, new InMemoryPostingState()));
        harness.postAll(PostingFixtures.demoEvents());
        return harness.documents();
    }
}
