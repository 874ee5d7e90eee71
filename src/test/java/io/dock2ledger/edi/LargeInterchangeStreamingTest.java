package io.dock2ledger.edi;

import io.dock2ledger.edi.ack.AckPreferences;
import io.dock2ledger.edi.read.EdiInterchangeReader;
import io.dock2ledger.edi.read.InterchangeListener;
import io.dock2ledger.edi.store.InMemoryControlNumbers;
import io.dock2ledger.edi.store.InMemoryInterchangeRegistry;
import io.dock2ledger.edi.syntax.EdiProblem;
import io.dock2ledger.edi.syntax.EdiTransaction;
import io.dock2ledger.edi.syntax.GroupEnvelope;
import io.dock2ledger.edi.syntax.InterchangeEnvelope;
import io.dock2ledger.edi.syntax.TransactionSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 20,000-set 945 interchange is read as a stream: the reader hands over each transaction while most of the file is
 * still unread, and the intake delivers all of them after the trailer, spooling to disk instead of holding them.
 */
class LargeInterchangeStreamingTest {

    private static final int SETS = 20_000;

    @TempDir
    Path temp;

    @Test
    void readerHandsOverTransactionsLongBeforeTheEndOfTheFile() throws IOException {
        Path file = largeInterchange();
        long size = Files.size(file);
        List<Long> bytesReadAtTransaction = new ArrayList<>();
        AtomicInteger problems = new AtomicInteger();
        try (CountingInputStream in = new CountingInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            new EdiInterchangeReader(new TransactionSchemas()).read(in, "acme-3pl", new InterchangeListener() {
                public void interchangeStarted(InterchangeEnvelope interchange) { }

                public void groupStarted(GroupEnvelope group) { }

                public void transactionRead(EdiTransaction transaction, List<EdiProblem> found, String schemaId) {
                    bytesReadAtTransaction.add(in.count());
                    problems.addAndGet(found.size());
                }

                public void groupEnded(GroupEnvelope group, String declaredCount, List<EdiProblem> found) {
                    problems.addAndGet(found.size());
                }

                public void interchangeEnded(InterchangeEnvelope interchange, List<EdiProblem> found) {
                    problems.addAndGet(found.size());
                }

                public void inputUnreadable(InterchangeEnvelope open, List<EdiProblem> found) {
                    problems.addAndGet(found.size() + 1);
                }
            });
        }
        assertThat(problems).hasValue(0);
        assertThat(bytesReadAtTransaction).hasSize(SETS);
        assertThat(bytesReadAtTransaction.get(0)).as("bytes read when the first set arrived").isLessThan(size / 100);
        assertThat(bytesReadAtTransaction.get(SETS / 2)).isLessThan(size * 3 / 4);
    }

    @Test
    void intakeDeliversEveryValidSetOfAHugeInterchangeAndAcknowledgesThemAll() throws IOException {
        Path file = largeInterchange();
        AtomicInteger delivered = new AtomicInteger();
        List<String> firstAndLastShipment = new ArrayList<>();
        EdiIntake intake = new EdiIntake(new TransactionSchemas(), new InMemoryControlNumbers(),
                new InMemoryInterchangeRegistry(java.time.Duration.ofDays(30)), EdiTestSupport.CLOCK, 100);
        EdiReadReport report;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            report = intake.read(in, "acme-3pl", AckPreferences.DEFAULT, transaction -> {
                int n = delivered.incrementAndGet();
                if (n == 1 || n == SETS) {
                    firstAndLastShipment.add(transaction.segments().get(0).path("W0604").asText());
                }
            });
        }
        assertThat(delivered).hasValue(SETS);
        assertThat(report.delivered()).isEqualTo(SETS);
        assertThat(firstAndLastShipment).containsExactly("SHP-1", "SHP-" + SETS);
        assertThat(report.acknowledgments().get(0).content()).contains("AK9*A*20000*20000*20000");
    }

    private Path largeInterchange() throws IOException {
        Path file = temp.resolve("945-large.x12");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            out.write("ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*DOCKSIDE       *261126*1405*U*00401"
                    + "*000000777*0*P*>~\n");
            out.write("GS*SW*ACME3PL*DOCKSIDE*20261126*1405*777*X*004010~\n");
            for (int i = 1; i <= SETS; i++) {
                String control = String.format("%04d", i % 10_000) + i / 10_000;
                out.write("ST*945*" + control + "~\n");
                out.write("W06*N*SO-" + i + "*20261126*SHP-" + i + "~\n");
                out.write("N1*ST*Blue Ridge Cafe Group*91*CUST-1002~\n");
                out.write("W27*M*UPSN~\n");
                out.write("LX*1~\n");
                out.write("W12*CC*4*4*0*CA**VN*ACM-0330~\n");
                out.write("W03*4*2.20*KG~\n");
                out.write("SE*8*" + control + "~\n");
            }
            out.write("GE*" + SETS + "*777~\n");
            out.write("IEA*1*000000777~\n");
        }
        return file;
    }
}
