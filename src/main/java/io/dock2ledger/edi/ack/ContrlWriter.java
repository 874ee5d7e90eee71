package io.dock2ledger.edi.ack;

import io.dock2ledger.edi.read.Disposition;
import io.dock2ledger.edi.read.InterchangeOutcome;
import io.dock2ledger.edi.read.TransactionOutcome;
import io.dock2ledger.edi.store.ControlNumbers;
import io.dock2ledger.edi.syntax.EdiProblem;
import io.dock2ledger.edi.syntax.EdiSegmentWriter;
import io.dock2ledger.edi.syntax.EdiStandard;
import io.dock2ledger.edi.syntax.InterchangeEnvelope;
import io.xlate.edi.stream.EDIStreamException;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Writes an EDIFACT CONTRL (syntax and service report) for one inbound interchange: UCI for the interchange, one UCM
 * per message, and UCS / UCD for the segments and data elements in error of rejected messages. The envelope swaps
 * sender and recipient, keeps the partner's syntax identifier and delimiters (announced in a UNA), and takes UNB 0020
 * from {@link ControlNumbers}.
 */
public final class ContrlWriter {

    private final ControlNumbers controlNumbers;
    private final Clock clock;

    public ContrlWriter(ControlNumbers controlNumbers, Clock clock) {
        this.controlNumbers = controlNumbers;
        this.clock = clock;
    }

    public AckDocument write(String partner, InterchangeOutcome outcome) {
        InterchangeEnvelope inbound = outcome.envelope();
        ZonedDateTime now = ZonedDateTime.now(clock);
        String control = String.valueOf(controlNumbers.next(partner, "UNB"));
        boolean syntax4 = "4".equals(syntaxVersion(inbound));
        try {
            EdiSegmentWriter out = new EdiSegmentWriter(inbound.delimiters().writable(EdiStandard.EDIFACT), true);
            out.start();
            out.una();
            out.segment("UNB", new String[]{syntaxIdentifier(inbound), syntaxVersion(inbound)},
                    party(inbound.receiver(), inbound.receiverQualifier()),
                    party(inbound.sender(), inbound.senderQualifier()),
                    new String[]{now.format(DateTimeFormatter.ofPattern(syntax4 ? "yyyyMMdd" : "yyMMdd")),
                            now.format(DateTimeFormatter.ofPattern("HHmm"))},
                    control, null, null, null, null, null, inbound.test() ? "1" : null);
            out.mark();
            out.segment("UNH", "1", syntax4 ? new String[]{"CONTRL", "4", "1", "UN"}
                    : new String[]{"CONTRL", "D", "3", "UN"});
            EdiProblem interchangeError = outcome.problems().stream().filter(EdiProblem::fatal).findFirst()
                    .orElse(null);
            out.segment("UCI", inbound.control(), party(inbound.sender(), inbound.senderQualifier()),
                    party(inbound.receiver(), inbound.receiverQualifier()), outcome.disposition().edifactAction(),
                    interchangeError == null ? null : interchangeError.edifactCode());
            if (outcome.disposition() != Disposition.REJECTED) {
                for (TransactionOutcome message : outcome.allTransactions()) {
                    writeMessage(out, message);
                }
            }
            out.segment("UNT", String.valueOf(out.countIncludingTrailer()), "1");
            out.segment("UNZ", "1", control);
            return new AckDocument("CONTRL", partner + "_CONTRL_" + control + ".edi", out.finish(), control,
                    inbound.control());
        } catch (EDIStreamException e) {
            throw new IllegalStateException("Cannot write CONTRL for interchange " + inbound.control(), e);
        }
    }

    private static void writeMessage(EdiSegmentWriter out, TransactionOutcome message) throws EDIStreamException {
        String[] identifier = message.version().isEmpty() ? new String[]{message.type()}
                : (message.type() + ":" + message.version()).split(":", -1);
        EdiProblem first = message.problems().stream().findFirst().orElse(null);
        out.segment("UCM", message.control(), identifier, message.disposition().edifactAction(),
                first == null ? null : first.edifactCode());
        for (EdiProblem problem : message.problems()) {
            if (!problem.isSegmentProblem()) {
                continue;
            }
            out.segment("UCS", String.valueOf(problem.segmentPosition()),
                    problem.x12SegmentCode() != null ? problem.edifactCode() : null);
            if (problem.x12ElementCode() != null) {
                out.segment("UCD", problem.edifactCode(), new String[]{String.valueOf(problem.elementPosition()),
                        problem.componentPosition() > 0 ? String.valueOf(problem.componentPosition()) : null});
            }
        }
    }

    /**
     * The CONTRL echoes the partner's UNB, whatever was in it: a broken interchange gets its negative acknowledgment
     * too. What is echoed is held to the UNB's own formats (syntax identifier UNOx, version 1-4, party id an..35,
     * qualifier an..4): StAEDI buffers a header segment in a fixed buffer, and a syntax identifier of hundreds of
     * characters made it throw BufferOverflowException, an unclassified failure that left the file in the inbox (found by
     * ParserFuzzTest).
     */
    private static String syntaxIdentifier(InterchangeEnvelope inbound) {
        String id = inbound.syntaxIdentifier();
        return id != null && id.matches("UNO[A-Z]") ? id : "UNOC";
    }

    private static String syntaxVersion(InterchangeEnvelope inbound) {
        String version = inbound.syntaxVersion();
        return version != null && version.matches("[1-4]") ? version : "3";
    }

    private static String[] party(String id, String qualifier) {
        return new String[]{cut(id, 35), qualifier == null || qualifier.isEmpty() ? null : cut(qualifier, 4)};
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
