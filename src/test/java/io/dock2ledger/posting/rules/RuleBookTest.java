package io.dock2ledger.posting.rules;

import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.posting.DemoExpectations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import static io.dock2ledger.posting.rules.PostingFixtures.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleBookTest {

    private final MasterData masterData = PostingFixtures.masterData();

    @TempDir
    Path dir;

    @Test
    void theProjectRulesLoad() {
        RuleBook rules = RuleBook.load(PostingFixtures.RULES, masterData);

        assertThat(rules.periodPolicy()).isEqualTo(PeriodPolicyMode.ROLL_FORWARD);
        assertThat(rules.forEntity("US01").adjustment().reasonCodes()).containsEntry("05", "none").containsEntry("07", "5200");
        assertThat(rules.forEntity("US02").landedCost().charge("DUTY").orElseThrow().allocationBasis())
                .isEqualTo(AllocationBasis.VALUE);
    }

    @Test
    void anAccountOutsideTheChartOfAccountsNamesTheKeyAndTheFile() throws IOException {
        Path file = rulesWith("revenue: \"4000\"", "revenue: \"4999\"");

        assertThatThrownBy(() -> RuleBook.load(file, masterData))
                .isInstanceOf(InvalidPostingRulesException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("shipment.revenue: account '4999' is not in the chart of accounts (master data gl_accounts)");
    }

    @Test
    void anUnknownBasisIsExplained() throws IOException {
        Path file = rulesWith("FREIGHT: { basis: weight", "FREIGHT: { basis: volume");

        assertThatThrownBy(() -> RuleBook.load(file, masterData))
                .hasMessageContaining("landed-cost.charges.FREIGHT.basis: 'volume' is not one of weight | value | quantity");
    }

    @Test
    void aMissingMandatoryAccountIsNamed() throws IOException {
        Path file = rulesWith("  goods-received-not-invoiced: \"2100\"\n", "");

        assertThatThrownBy(() -> RuleBook.load(file, masterData))
                .hasMessageContaining("receipt.goods-received-not-invoiced is missing and is mandatory");
    }

    @Test
    void aMistypedKeyIsNamed() throws IOException {
        Path file = rulesWith("  tax-payable: \"2200\"\n  cost-of-goods-sold", "  tax-payabel: \"2200\"\n  cost-of-goods-sold");

        assertThatThrownBy(() -> RuleBook.load(file, masterData))
                .hasMessageContaining("shipment.tax-payabel: is not a known key");
    }

    @Test
    void anUnknownPeriodPolicyIsNamed() throws IOException {
        Path file = rulesWith("period-policy: roll-forward", "period-policy: postpone");

        assertThatThrownBy(() -> RuleBook.load(file, masterData))
                .hasMessageContaining("period-policy: 'postpone' is not one of roll-forward | hold");
    }

    @Test
    void everyProblemIsListedAtOnce() throws IOException {
        String text = Files.readString(PostingFixtures.RULES)
                .replace("AV\": \"5110\"", "AV\": \"5111\"")
                .replace("VENDOR_RETURN: \"1150\"", "VENDOR_RETURN: \"1151\"");
        Path file = Files.writeString(dir.resolve("posting-rules.yaml"), text);

        assertThatThrownBy(() -> RuleBook.load(file, masterData))
                .isInstanceOfSatisfying(InvalidPostingRulesException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "adjustment.reason-codes.AV: account '5111' is not in the chart of accounts (master data gl_accounts)",
                        "return.dispositions.VENDOR_RETURN: account '1151' is not in the chart of accounts (master data gl_accounts)"));
    }

    @Test
    void anEntityOverrideChangesOnlyThatEntity() throws IOException {
        Path file = rulesWith("entity-overrides: {}", "entity-overrides:\n  US02:\n    shipment: { revenue: \"4100\" }");
        RuleBook rules = RuleBook.load(file, masterData);

        assertThat(rules.forEntity("US02").shipment().revenue()).isEqualTo("4100");
        assertThat(rules.forEntity("US02").shipment().receivable()).isEqualTo("1100");
        assertThat(rules.forEntity("US01").shipment().revenue()).isEqualTo("4000");

        PostingEngine engine = new PostingEngine(masterData, rules, new InMemoryPostingState());
        PostingOutcome outcome = engine.post(PostingFixtures.event("shipment.confirmed", "SHP-9040", "WH-WEST",
                LocalDate.of(2026, 11, 28), PostingFixtures.refs().order("SO-50004").build(),
                java.util.List.of(line(1, "MUG-RED", "10"))));
        assertThat(outcome).isInstanceOfSatisfying(PostingOutcome.Posted.class, posted ->
                assertThat(DemoExpectations.byAccount(posted.documents().get(0)))
                        .containsEntry("4100", new BigDecimal("-48.00")).doesNotContainKey("4000"));
    }

    @Test
    void anOverrideForAnUnknownEntityOrAccountIsNamed() throws IOException {
        Path file = rulesWith("entity-overrides: {}", "entity-overrides:\n  US09:\n    shipment: { revenue: \"4100\" }\n"
                + "  US02:\n    adjustment: { reason-codes: { ZZ: \"9999\" } }");

        assertThatThrownBy(() -> RuleBook.load(file, masterData))
                .isInstanceOfSatisfying(InvalidPostingRulesException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "entity-overrides.US09: 'US09' is not a legal entity of master data (entities)",
                        "entity-overrides.US02.adjustment.reason-codes.ZZ: account '9999' is not in the chart of accounts"
                                + " (master data gl_accounts)"));
    }

    private Path rulesWith(String original, String replacement) throws IOException {
        String text = Files.readString(PostingFixtures.RULES);
        assertThat(text).as("the project rules contain the text the test changes").contains(original);
        return Files.writeString(dir.resolve("posting-rules.yaml"), text.replaceFirst(
                java.util.regex.Pattern.quote(original), java.util.regex.Matcher.quoteReplacement(replacement)));
    }
}
