package io.dock2ledger.edi.outbound;

import io.dock2ledger.edi.read.EdiInterchangeReader;
import io.dock2ledger.edi.read.InterchangeListener;
import io.dock2ledger.edi.store.ControlNumbers;
import io.dock2ledger.edi.syntax.EdiDelimiters;
import io.dock2ledger.edi.syntax.EdiProblem;
import io.dock2ledger.edi.syntax.EdiSegmentWriter;
import io.dock2ledger.edi.syntax.EdiStandard;
import io.dock2ledger.edi.syntax.EdiTransaction;
import io.dock2ledger.edi.syntax.GroupEnvelope;
import io.dock2ledger.edi.syntax.InterchangeEnvelope;
import io.dock2ledger.edi.syntax.TransactionSchemas;
import io.xlate.edi.stream.EDIStreamException;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import static io.dock2ledger.edi.syntax.EdiSegmentWriter.fixedWidth;

/**
 * Writes an X12 940 warehouse shipping order (version 004010) as one interchange with one group (GS01 OW) and one
 * set, in the standard delimiters ({@code * > ~}). ISA13 and GS06 come from the partner's {@link ControlNumbers}
 * sequences, the same ones its acknowledgments use, so the partner never sees a control number twice.
 * <p>
 * Every document is read back through {@link EdiInterchangeReader} against the hub's own 940 schema before it is
 * returned: a document the hub would refuse from a partner is never sent to one.
 */
public final class X12ShippingOrderWriter {

    static final String VERSION = "004010";
    // Not BASIC_ISO_DATE: on a zoned time that appends the offset ("20261127Z").
    private static final DateTimeFormatter CCYYMMDD = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final ControlNumbers controlNumbers;
    private final EdiInterchangeReader checker;
    private final Clock clock;

    public X12ShippingOrderWriter(ControlNumbers controlNumbers, TransactionSchemas schemas, Clock clock) {
        this.controlNumbers = controlNumbers;
        this.checker = new EdiInterchangeReader(schemas);
        this.clock = clock;
    }

    /**
     * @param partner       the partner's registry id (names its control number sequences)
     * @param hub           the hub's own X12 identity (sender)
     * @param receiver      the partner's X12 identity
     * @param requestTa1    ISA14 = 1: ask the partner for a TA1
     * @param test          ISA15 = T
     * @throws IllegalStateException when the written document does not pass the hub's 940 schema (a value too long
     *                               for its element, say): nothing is sent then
     */
    public OutboundInterchange write(String partner, X12Party hub, X12Party receiver, X12ShippingOrder order,
                                     boolean requestTa1, boolean test) {
        ZonedDateTime now = ZonedDateTime.now(clock);
        String isaControl = String.format("%09d", controlNumbers.next(partner, "ISA"));
        String gsControl = String.valueOf(controlNumbers.next(partner, "GS"));
        String setControl = "0001";
        String content;
        try {
            EdiSegmentWriter out = new EdiSegmentWriter(EdiDelimiters.X12_DEFAULT_4010, false);
            out.start();
            out.segment("ISA", "00", " ".repeat(10), "00", " ".repeat(10),
                    fixedWidth(hub.qualifier(), 2), fixedWidth(hub.id(), 15),
                    fixedWidth(receiver.qualifier(), 2), fixedWidth(receiver.id(), 15),
                    now.format(DateTimeFormatter.ofPattern("yyMMdd")), now.format(DateTimeFormatter.ofPattern("HHmm")),
                    "U", "00401", isaControl, requestTa1 ? "1" : "0", test ? "T" : "P", ">");
            out.segment("GS", "OW", hub.applicationCode(), receiver.applicationCode(), now.format(CCYYMMDD),
                    now.format(DateTimeFormatter.ofPattern("HHmm")), gsControl, "X", VERSION);
            out.mark();
            out.segment("ST", "940", setControl);
            out.segment("W05", "N", order.orderId());
            party(out, "DE", order.depositor());
            party(out, "ST", order.shipTo());
            party(out, "SF", order.warehouse());
            if (order.requestedShipDate() != null) {
                out.segment("G62", "10", order.requestedShipDate().format(CCYYMMDD));
            }
            BigDecimal total = BigDecimal.ZERO;
            int lx = 0;
            for (X12ShippingOrder.Line line : order.lines()) {
                out.segment("LX", String.valueOf(++lx));
                out.segment("W01", number(line.quantity()), line.uom(), null, "VN", line.partnerItem(), "SK",
                        line.sku());
                out.segment("N9", "LI", String.valueOf(line.lineNumber()));
                total = total.add(line.quantity());
            }
            out.segment("W76", number(total));
            out.segment("SE", String.valueOf(out.countIncludingTrailer()), setControl);
            out.segment("GE", "1", gsControl);
            out.segment("IEA", "1", isaControl);
            content = out.finish();
        } catch (EDIStreamException e) {
            throw new IllegalStateException("Cannot write the 940 for order " + order.orderId(), e);
        }
        List<String> problems = check(content);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The 940 for order " + order.orderId() + " to " + partner
                    + " does not pass the hub's own 940 schema, so it is not sent: " + String.join("; ", problems));
        }
        String fileName = partner + "_940_" + safe(order.orderId()) + "_" + isaControl + ".x12";
        return new OutboundInterchange(EdiStandard.X12, "940", fileName, content, isaControl, gsControl, setControl);
    }

    private static void party(EdiSegmentWriter out, String role, X12ShippingOrder.Name name)
            throws EDIStreamException {
        if (name != null) {
            out.segment("N1", role, truncate(name.name(), 60), name.code() == null ? null : "91", name.code());
        }
    }

    /** Reads the document back against the hub's schemas; returns every problem found (none for a good one). */
    private List<String> check(String content) {
        List<String> problems = new ArrayList<>();
        checker.read(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)),
                null, new InterchangeListener() {
                    @Override
                    public void interchangeStarted(InterchangeEnvelope interchange) {
                    }

                    @Override
                    public void groupStarted(GroupEnvelope group) {
                    }

                    @Override
                    public void transactionRead(EdiTransaction transaction, List<EdiProblem> found, String schemaId) {
                        if (schemaId == null) {
                            problems.add("no 940 schema was found to check it against");
                        }
                        found.forEach(p -> problems.add(p.reason()));
                    }

                    @Override
                    public void groupEnded(GroupEnvelope group, String declaredCount, List<EdiProblem> found) {
                        found.forEach(p -> problems.add(p.reason()));
                    }

                    @Override
                    public void interchangeEnded(InterchangeEnvelope interchange, List<EdiProblem> found) {
                        found.forEach(p -> problems.add(p.reason()));
                    }

                    @Override
                    public void inputUnreadable(InterchangeEnvelope openInterchange, List<EdiProblem> found) {
                        found.forEach(p -> problems.add(p.reason()));
                    }
                });
        return problems;
    }

    private static String number(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    private static String safe(String value) {
        return value.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
