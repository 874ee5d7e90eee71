package io.dock2ledger.edi;

import io.dock2ledger.edi.read.InterchangeOutcome;
import io.dock2ledger.edi.read.TransactionOutcome;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Every file of the public corpus goes through the intake: nothing escapes, every transaction is accepted or rejected
 * with a reason, every interchange is acknowledged or says why not, and non-EDI files are rejected as such.
 */
class CorpusWalkTest {

    private static final Path CORPUS = Path.of("src/test/resources/corpus");

    @Test
    void everyCorpusFileGetsAVerdictWithReasonsAndAcknowledgmentsOrAnExplanation() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(CORPUS)) {
            files = walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("SOURCES.md"))
                    .sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(60);
        List<String> summary = new ArrayList<>();
        for (Path file : files) {
            String resource = "corpus/" + CORPUS.relativize(file).toString().replace('\\', '/');
            EdiTestSupport.Result[] holder = new EdiTestSupport.Result[1];
            assertThatCode(() -> holder[0] = EdiTestSupport.read(resource)).as(resource).doesNotThrowAnyException();
            EdiReadReport report = holder[0].report();
            String topFolder = CORPUS.relativize(file).getName(0).toString();

            if (topFolder.equals("csv") || topFolder.equals("flatfile")) {
                assertThat(report.fileProblems()).as(resource).singleElement()
                        .satisfies(p -> assertThat(p.reason()).startsWith("Not an EDI file"));
                assertThat(report.interchanges()).as(resource).isEmpty();
            }
            if (report.interchanges().isEmpty()) {
                assertThat(report.fileProblems()).as(resource + " has no interchange, so it must say why")
                        .isNotEmpty();
            }
            for (InterchangeOutcome interchange : report.interchanges()) {
                for (TransactionOutcome transaction : interchange.allTransactions()) {
                    if (!transaction.accepted()) {
                        assertThat(transaction.problems()).as(resource + " " + transaction.control()).isNotEmpty()
                                .allSatisfy(p -> assertThat(p.reason()).isNotBlank());
                    }
                }
                boolean acknowledged = report.acknowledgments().stream()
                        .anyMatch(a -> a.answersInterchange().equals(interchange.envelope().control()));
                assertThat(acknowledged || interchange.ackNote().startsWith("no "))
                        .as(resource + " interchange " + interchange.envelope().control() + ": " + interchange.ackNote())
                        .isTrue();
                assertThat(interchange.ackNote()).as(resource).isNotBlank();
            }
            long delivered = report.interchanges().stream().flatMap(i -> i.allTransactions().stream())
                    .filter(TransactionOutcome::accepted).count();
            assertThat(holder[0].delivered()).as(resource).hasSize((int) delivered);
            summary.add(resource + ": " + report.interchanges().size() + " interchange(s), " + delivered
                    + " delivered, " + report.acknowledgments().size() + " ack(s)");
        }
        assertThat(summary).hasSize(files.size());
    }
}
