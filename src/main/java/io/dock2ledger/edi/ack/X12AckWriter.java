package io.dock2ledger.edi.ack;

import io.dock2ledger.edi.read.GroupOutcome;
import io.dock2ledger.edi.read.InterchangeOutcome;
import io.dock2ledger.edi.read.TransactionOutcome;
import io.dock2ledger.edi.store.ControlNumbers;
import io.dock2ledger.edi.syntax.EdiDelimiters;
import io.dock2ledger.edi.syntax.EdiProblem;
import io.dock2ledger.edi.syntax.EdiSegmentWriter;
import io.dock2ledger.edi.syntax.EdiStandard;
import io.dock2ledger.edi.syntax.GroupEnvelope;
import io.dock2ledger.edi.syntax.InterchangeEnvelope;
import io.xlate.edi.stream.EDIStreamException;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.dock2ledger.edi.syntax.EdiSegmentWriter.fixedWidth;

/**
 * Writes the X12 acknowledgments for one inbound interchange as one outbound interchange: an optional TA1 (interchange
 * acknowledgment) followed by one FA group per acknowledged functional group, each holding one 997 or 999. The
 * envelope swaps the inbound sender and receiver, keeps the partner's delimiters, version and test indicator, and
 * takes ISA13 / GS06 from {@link ControlNumbers}.
 */
public final class X12AckWriter {

    private static final String IMPLEMENTATION_999 = "005010X231";

    private final ControlNumbers controlNumbers;
    private final Clock clock;

    public X12AckWriter(ControlNumbers controlNumbers, Clock clock) {
        this.controlNumbers = controlNumbers;
        this.clock = clock;
    }

    /**
     * Whom an acknowledgment goes to when it is not the interchange's own sender: the partner whose inbox held a
     * foreign sender's interchange, addressed as its own acknowledgments are (ISA07/08, GS03).
     */
    public record Addressee(String isaQualifier, String isaId, String gsCode) {
    }

    /**
     * @param withTa1 write a TA1 for the interchange
     * @param groups  the groups to answer with a 997 / 999 (may be empty)
     */
    public AckDocument write(String partner, InterchangeOutcome outcome, boolean withTa1, List<GroupOutcome> groups,
                      boolean use999) {
        return write(partner, outcome, withTa1, groups, use999, null);
    }

    /** @param to the receiver instead of the inbound sender (null: back to the interchange's sender) */
    public AckDocument write(String partner, InterchangeOutcome outcome, boolean withTa1, List<GroupOutcome> groups,
                      boolean use999, Addressee to) {
        InterchangeEnvelope inbound = outcome.envelope();
        ZonedDateTime now = ZonedDateTime.now(clock);
        String isaControl = String.format("%09d", controlNumbers.next(partner, "ISA"));
        try {
            EdiDelimiters delimiters = inbound.delimiters().writable(EdiStandard.X12);
            EdiSegmentWriter out = new EdiSegmentWriter(delimiters, false);
            out.start();
            out.segment("ISA", "00", " ".repeat(10), "00", " ".repeat(10),
                    fixedWidth(inbound.receiverQualifier(), 2), fixedWidth(inbound.receiver(), 15),
                    fixedWidth(to == null ? inbound.senderQualifier() : nonEmpty(to.isaQualifier(), "ZZ"), 2),
                    fixedWidth(to == null ? inbound.sender() : to.isaId(), 15),
                    now.format(DateTimeFormatter.ofPattern("yyMMdd")), now.format(DateTimeFormatter.ofPattern("HHmm")),
                    isa11(inbound), fixedWidth(inbound.version(), 5), isaControl, "0", inbound.test() ? "T" : "P",
                    String.valueOf(delimiters.component()));
            if (withTa1) {
                out.segment("TA1", inbound.control(), compactDate(inbound.date()), compactTime(inbound.time()),
                        ta1Status(outcome), outcome.ta1NoteCode());
            }
            for (GroupOutcome group : groups) {
                writeGroup(out, partner, group, use999, now, to);
            }
            out.segment("IEA", String.valueOf(groups.size()), isaControl);
            String kind = (withTa1 ? "TA1" : "") + (withTa1 && !groups.isEmpty() ? "+" : "")
                    + (groups.isEmpty() ? "" : use999 ? "999" : "997");
            String fileName = partner + "_" + kind.replace('+', '-') + "_" + isaControl + ".x12";
            return new AckDocument(kind, fileName, out.finish(), isaControl, inbound.control());
        } catch (EDIStreamException e) {
            throw new IllegalStateException("Cannot write X12 acknowledgment for interchange " + inbound.control(), e);
        }
    }

    private void writeGroup(EdiSegmentWriter out, String partner, GroupOutcome group, boolean use999,
                            ZonedDateTime now, Addressee to) throws EDIStreamException {
        GroupEnvelope inbound = group.envelope();
        String gsControl = String.valueOf(controlNumbers.next(partner, "GS"));
        out.segment("GS", "FA", inbound.receiver(),
                to == null ? inbound.sender() : nonEmpty(to.gsCode(), to.isaId()),
                now.format(DateTimeFormatter.BASIC_ISO_DATE).substring(0, 8),
                now.format(DateTimeFormatter.ofPattern("HHmm")), gsControl, "X",
                use999 ? IMPLEMENTATION_999 : nonEmpty(inbound.version(), "004010"));
        out.mark();
        out.segment("ST", use999 ? "999" : "997", "0001", use999 ? IMPLEMENTATION_999 : null);
        out.segment("AK1", inbound.functionalId(), inbound.control(), use999 ? inbound.version() : null);
        for (TransactionOutcome set : group.transactions()) {
            writeSet(out, set, use999);
        }
        List<String> groupCodes = group.problems().stream().map(EdiProblem::x12GroupCode).filter(Objects::nonNull)
                .distinct().limit(5).toList();
        List<Object> ak9 = new ArrayList<>(List.of(group.disposition().x12Code(),
                declaredOrReceived(group), String.valueOf(group.received()), String.valueOf(group.acceptedCount())));
        ak9.addAll(groupCodes);
        out.segment("AK9", ak9.toArray());
        out.segment("SE", String.valueOf(out.countIncludingTrailer()), "0001");
        out.segment("GE", "1", gsControl);
    }

    private static void writeSet(EdiSegmentWriter out, TransactionOutcome set, boolean use999)
            throws EDIStreamException {
        out.segment("AK2", set.type(), set.control(), use999 && !set.version().isEmpty() ? set.version() : null);
        Map<Integer, List<EdiProblem>> bySegment = new LinkedHashMap<>();
        for (EdiProblem problem : set.problems()) {
            if (problem.isSegmentProblem()) {
                bySegment.computeIfAbsent(problem.segmentPosition(), k -> new ArrayList<>()).add(problem);
            }
        }
        for (Map.Entry<Integer, List<EdiProblem>> entry : bySegment.entrySet()) {
            List<EdiProblem> problems = entry.getValue();
            EdiProblem segmentLevel = problems.stream().filter(p -> p.x12SegmentCode() != null).findFirst()
                    .orElse(null);
            String segmentCode = segmentLevel == null ? "8"
                    : use999 && segmentLevel.x12ImplementationCode() != null ? segmentLevel.x12ImplementationCode()
                    : segmentLevel.x12SegmentCode();
            out.segment(use999 ? "IK3" : "AK3", problems.get(0).segmentId(), String.valueOf(entry.getKey()), null,
                    segmentCode);
            problems.stream().filter(p -> p.x12ElementCode() != null).limit(99).forEach(p -> {
                try {
                    Object position = p.componentPosition() > 0
                            ? new String[]{String.valueOf(p.elementPosition()), String.valueOf(p.componentPosition())}
                            : String.valueOf(p.elementPosition());
                    String code = use999 && p.x12ImplementationCode() != null ? p.x12ImplementationCode()
                            : p.x12ElementCode();
                    out.segment(use999 ? "IK4" : "AK4", position, p.elementReference(), code,
                            p.badValue() == null ? null : truncate(p.badValue(), 99));
                } catch (EDIStreamException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        List<Object> ak5 = new ArrayList<>();
        ak5.add(set.disposition().x12Code());
        set.problems().stream().map(EdiProblem::x12SetCode).filter(Objects::nonNull).distinct().limit(5)
                .forEach(ak5::add);
        out.segment(use999 ? "IK5" : "AK5", ak5.toArray());
    }

    private static String declaredOrReceived(GroupOutcome group) {
        String declared = group.declaredCount();
        return declared != null && declared.strip().matches("\\d{1,6}") ? declared.strip()
                : String.valueOf(group.received());
    }

    private static String ta1Status(InterchangeOutcome outcome) {
        return switch (outcome.disposition()) {
            case ACCEPTED -> "A";
            case REJECTED -> "R";
            default -> "E";
        };
    }

    private static String isa11(InterchangeEnvelope inbound) {
        String field = inbound.repetitionField();
        return field == null || field.length() != 1 ? "U" : field;
    }

    private static String nonEmpty(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String truncate(String value, int max) {
        return value.length() > max ? value.substring(0, max) : value;
    }

    /** Back from ISO (2026-11-26) to the ISA09 form (261126); raw values pass through. */
    static String compactDate(String iso) {
        if (iso != null && iso.matches("\\d{4}-\\d{2}-\\d{2}")) {
            return iso.substring(2, 4) + iso.substring(5, 7) + iso.substring(8, 10);
        }
        return iso;
    }

    static String compactTime(String iso) {
        if (iso != null && iso.matches("\\d{2}:\\d{2}.*")) {
            return iso.substring(0, 2) + iso.substring(3, 5);
        }
        return iso;
    }
}
