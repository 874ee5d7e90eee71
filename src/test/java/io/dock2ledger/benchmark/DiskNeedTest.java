package io.dock2ledger.benchmark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DiskNeedTest {

    private static final long GB = 1_000_000_000L;

    @Test
    void aGigabyteFileOnH2IsRefusedWhereItsFileCannotGrow() {
        DiskNeed need = DiskNeed.of("h2", "csv", 10_000_000);

        assertThat(need.bytes()).isBetween(100 * GB, 110 * GB);
        assertThat(need.fits(70 * GB)).isFalse();
        assertThat(need.refusal("h2", 70 * GB, "/tmp"))
                .contains("/tmp has 66,757 MiB free")
                .contains("-Dbenchmark.database=postgres")
                .contains("-Dbenchmark.disk-check=false");
    }

    @Test
    void theSameFileOnPostgresNeedsLessThanHalf() {
        DiskNeed h2 = DiskNeed.of("h2", "csv", 10_000_000);
        DiskNeed postgres = DiskNeed.of("postgres", "csv", 10_000_000);

        assertThat(postgres.bytes()).isLessThan(h2.bytes() / 2);
        assertThat(postgres.fits(70 * GB)).isTrue();
        assertThat(postgres.refusal("postgres", 10 * GB, "/tmp")).doesNotContain("-Dbenchmark.database=postgres");
    }

    @Test
    void theNeedCountsTheDroppedFilesByFormat() {
        long csv = DiskNeed.of("postgres", "csv", 1_000_000).bytes();
        long x12 = DiskNeed.of("postgres", "x12", 1_000_000).bytes();

        assertThat(x12 - csv).isEqualTo(1_000_000 * (DiskNeed.X12_BYTES_PER_LINE - DiskNeed.CSV_BYTES_PER_LINE));
        assertThat(DiskNeed.of("h2", "csv", 4_000).fits(5 * GB)).isTrue();
    }
}
