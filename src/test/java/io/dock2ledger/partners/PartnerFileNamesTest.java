package io.dock2ledger.partners;

import io.dock2ledger.intake.HostileFileNames;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class PartnerFileNamesTest {

    @TestFactory
    Stream<DynamicTest> everyHostileNameIsRefusedWithAReasonAndHasASafeVersion() {
        return HostileFileNames.all().entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey(), () -> {
            String name = entry.getValue();
            assertThat(PartnerFileNames.problem(name)).as(entry.getKey()).isPresent().get().asString().isNotBlank();
            assertThat(PartnerFileNames.uploadProblem(name)).as(entry.getKey()).isPresent();
            String safe = PartnerFileNames.safeVersion(name);
            assertThat(PartnerFileNames.problem(safe)).as(safe).isEmpty();
            assertThat(PartnerFileNames.safeVersion(name)).isEqualTo(safe);
            assertThat(PartnerFileNames.printable(name)).matches("[\\x20-\\x7e]*");
        }));
    }

    @Test
    void ordinaryPartnerNamesAreAcceptedUnchanged() {
        for (String name : new String[]{"shipments_SHP-9001.csv", "945_SHP-9002.x12", "997_1.x12",
                "acme-3pl_940_SO-50001_000000001.x12", "transfer_TRF-1101_shipped.json", "a"}) {
            assertThat(PartnerFileNames.problem(name)).as(name).isEmpty();
            assertThat(PartnerFileNames.safeVersion(name)).isEqualTo(name);
        }
    }

    @Test
    void hiddenTemporaryUploadNamesAreAllowedOverSftpButNeverRead() {
        assertThat(PartnerFileNames.uploadProblem(".shipments_1.csv.part")).isEmpty();
        assertThat(PartnerFileNames.problem(".shipments_1.csv.part")).isPresent();
        assertThat(PartnerFileNames.uploadProblem(".")).isPresent();
        assertThat(PartnerFileNames.uploadProblem("..")).isPresent();
        assertThat(PartnerFileNames.uploadProblem("...csv")).isPresent();
        assertThat(PartnerFileNames.uploadProblem(".a\\b.part")).isPresent();
    }

    @Test
    void reasonsNameTheOffendingCharacter() {
        assertThat(PartnerFileNames.problem("a\\b.csv")).get().asString().contains("backslash");
        assertThat(PartnerFileNames.problem("a\nb.csv")).get().asString().contains("U+000A");
        assertThat(PartnerFileNames.problem("-a.csv")).get().asString().contains("option");
        assertThat(PartnerFileNames.problem("a".repeat(201))).get().asString().contains("201 characters");
    }

    @Test
    void twoUnsafeNamesThatDifferOnlyInARefusedCharacterGetDifferentSafeNames() {
        assertThat(PartnerFileNames.safeVersion("a\\b.csv")).isNotEqualTo(PartnerFileNames.safeVersion("a\nb.csv"));
        assertThat(PartnerFileNames.safeVersion("a\\b.csv")).endsWith(".csv").startsWith("a_b-");
    }
}
