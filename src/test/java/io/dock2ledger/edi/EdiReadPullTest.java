package io.dock2ledger.edi;

import io.dock2ledger.edi.ack.AckPreferences;
import io.dock2ledger.edi.store.InMemoryControlNumbers;
import io.dock2ledger.edi.store.InMemoryInterchangeRegistry;
import io.dock2ledger.edi.syntax.TransactionSchemas;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pull side of the EDI intake that the route's streaming split uses ({@link EdiIntake#open}): a file of a million
 * lines is read only as far as the set being handed out needs, never ahead; and a read closed before its end (the
 * split stopped by a failure) leaves its interchanges open for the retry, not refused as duplicates.
 */
class EdiReadPullTest {

    private static final int INTERCHANGES = 1_250;
    private static final int SETS_PER_INTERCHANGE = 100;
    private static final int SETS = INTERCHANGES * SETS_PER_INTERCHANGE;

    @TempDir
    static Path temp;

    private static Path millionLines;

    @BeforeAll
    static void writeAMillionLineFile() throws IOException {
        millionLines = temp.resolve("945-million-lines.x12");
        assertThat(write(millionLines, INTERCHANGES)).isEqualTo(1_005_000);
    }

    /** Writes interchanges of 100 945 sets each; returns the number of lines. */
    private static long write(Path file, int interchanges) throws IOException {
        long lines = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            int shipment = 0;
            for (int interchange = 1; interchange <= interchanges; interchange++) {
                String isa13 = String.format("%09d", 500_000 + interchange);
                out.write("ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*DOCKSIDE       *261126*1405*U*00401*"
                        + isa13 + "*0*P*>~\n");
                out.write("GS*SW*ACME3PL*DOCKSIDE*20261126*1405*" + interchange + "*X*004010~\n");
                for (int set = 1; set <= SETS_PER_INTERCHANGE; set++) {
                    shipment++;
                    String control = String.format("%04d", set);
                    out.write("ST*945*" + control + "~\n");
                    out.write("W06*N*SO-" + shipment + "*20261126*SHP-" + shipment + "~\n");
                    out.write("N1*ST*Blue Ridge Cafe Group*91*CUST-1002~\n");
                    out.write("W27*M*UPSN~\n");
                    out.write("LX*1~\n");
                    out.write("W12*CC*4*4*0*CA**VN*ACM-0330~\n");
                    out.write("W03*4*2.20*KG~\n");
                    out.write("SE*8*" + control + "~\n");
                }
                out.write("GE*" + SETS_PER_INTERCHANGE + "*" + interchange + "~\n");
                out.write("IEA*1*" + isa13 + "~\n");
                lines += 4 + 8L * SETS_PER_INTERCHANGE;
            }
        }
        return lines;
    }

    @Test
    void aMillionLineFileIsReadOnlyAsFarAsTheSetHandedOut() throws IOException {
        long size = Files.size(millionLines);
        EdiIntake intake = new EdiIntake(new TransactionSchemas(), new InMemoryControlNumbers(),
                new InMemoryInterchangeRegistry(Duration.ofDays(30)), EdiTestSupport.CLOCK);
        int handedOut = 0;
        long readAtFirst = 0;
        long readAtHalf = 0;
        EdiReadReport report;
        try (CountingInputStream in = new CountingInputStream(new BufferedInputStream(Files.newInputStream(millionLines)));
             EdiIntake.EdiRead read = intake.open(in, "acme-3pl", AckPreferences.DEFAULT)) {
            while (read.hasNext()) {
                read.next();
                handedOut++;
                if (handedOut == 1) {
                    readAtFirst = in.count();
                }
                if (handedOut == SETS / 2) {
                    readAtHalf = in.count();
                }
            }
            report = read.report();
        }
        assertThat(handedOut).isEqualTo(SETS);
        assertThat(report.delivered()).isEqualTo(SETS);
        assertThat(report.acknowledgments()).hasSize(INTERCHANGES);
        assertThat(readAtFirst).as("bytes read when the first set was handed out").isLessThan(size / 100);
        assertThat(readAtHalf).as("bytes read when half the sets were handed out").isLessThan(size * 6 / 10);
    }

    @Test
    void aReadClosedBeforeItsEndCanBeReadAgainWithoutDuplicates() throws IOException {
        Path file = temp.resolve("945-three-interchanges.x12");
        write(file, 3);
        EdiIntake intake = new EdiIntake(new TransactionSchemas(), new InMemoryControlNumbers(),
                new InMemoryInterchangeRegistry(Duration.ofDays(30)), EdiTestSupport.CLOCK);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
             EdiIntake.EdiRead read = intake.open(in, "acme-3pl", AckPreferences.DEFAULT)) {
            read.next();
        }

        EdiReadReport again;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
             EdiIntake.EdiRead read = intake.open(in, "acme-3pl", AckPreferences.DEFAULT)) {
            while (read.hasNext()) {
                read.next();
            }
            again = read.report();
        }
        assertThat(again.interchanges()).hasSize(3).noneMatch(i -> i.duplicate());
        assertThat(again.delivered()).isEqualTo(3 * SETS_PER_INTERCHANGE);
    }

    /**
     * An inbox file is committed in chunks (issue 10), so its first sets may have posted when the hub dies half-way:
     * neither close nor anything else runs. Read again, the file must not be refused as a duplicate of itself, while
     * another file with the same interchange control numbers is.
     */
    @Test
    void aFileWhoseReadDiedHalfWayIsReadAgainButAnotherFileWithItsControlNumbersIsADuplicate() throws IOException {
        Path file = temp.resolve("945-died-half-way.x12");
        write(file, 3);
        String checksum = "ab".repeat(32);
        EdiIntake intake = new EdiIntake(new TransactionSchemas(), new InMemoryControlNumbers(),
                new InMemoryInterchangeRegistry(Duration.ofDays(30)), EdiTestSupport.CLOCK);
        InputStream died = new BufferedInputStream(Files.newInputStream(file));
        EdiIntake.EdiRead halfWay = intake.openFile(died, "acme-3pl", AckPreferences.DEFAULT, checksum);
        for (int i = 0; i < 2 * SETS_PER_INTERCHANGE + 1; i++) {
            halfWay.next(); // the first set of the third interchange: all three are claimed
        }
        died.close(); // and nothing else: the hub is gone

        assertThat(readWhole(intake, file, "cd".repeat(32)).interchanges()).as("another file, same control numbers")
                .hasSize(3).allMatch(i -> i.duplicate());
        EdiIntake.EdiRead again = readToEnd(intake, file, checksum);
        assertThat(again.report().interchanges()).hasSize(3).noneMatch(i -> i.duplicate());
        assertThat(again.report().delivered()).isEqualTo(3 * SETS_PER_INTERCHANGE);
        again.settle();
        assertThat(readWhole(intake, file, checksum).interchanges()).as("the same file once it was done: a resend")
                .hasSize(3).allMatch(i -> i.duplicate());
    }

    /**
     * Read to its end, the file can still fail (its last chunk's commit, the outbox): its interchanges count as
     * received only when the route settles them, and fail() lets the file be read again.
     */
    @Test
    void aFileThatFailsAfterItsLastSetWasReadIsReadAgainNotRefused() throws IOException {
        Path file = temp.resolve("945-fails-at-its-end.x12");
        write(file, 2);
        String checksum = "ef".repeat(32);
        EdiIntake intake = new EdiIntake(new TransactionSchemas(), new InMemoryControlNumbers(),
                new InMemoryInterchangeRegistry(Duration.ofDays(30)), EdiTestSupport.CLOCK);
        readToEnd(intake, file, checksum).fail();

        EdiIntake.EdiRead again = readToEnd(intake, file, checksum);
        assertThat(again.report().interchanges()).hasSize(2).noneMatch(i -> i.duplicate());
        again.settle();
        assertThat(readWhole(intake, file, checksum).interchanges()).allMatch(i -> i.duplicate());
    }

    private static EdiIntake.EdiRead readToEnd(EdiIntake intake, Path file, String checksum) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
             EdiIntake.EdiRead read = intake.openFile(in, "acme-3pl", AckPreferences.DEFAULT, checksum)) {
            while (read.hasNext()) {
                read.next();
            }
            return read;
        }
    }

    private static EdiReadReport readWhole(EdiIntake intake, Path file, String checksum) throws IOException {
        EdiIntake.EdiRead read = readToEnd(intake, file, checksum);
        read.settle();
        return read.report();
    }
}
