package io.dock2ledger.edi.syntax;

import io.xlate.edi.stream.EDIOutputFactory;
import io.xlate.edi.stream.EDIStreamConstants.Delimiters;
import io.xlate.edi.stream.EDIStreamException;
import io.xlate.edi.stream.EDIStreamWriter;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A thin layer over StAEDI's {@link EDIStreamWriter} that writes whole segments in the partner's delimiters and counts
 * them, so the X12 and EDIFACT writers (acknowledgments, the 940) read like the documents they produce.
 */
public final class EdiSegmentWriter {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final EDIStreamWriter writer;
    private int segmentsSinceMark;

    public EdiSegmentWriter(EdiDelimiters delimiters, boolean edifact) {
        EDIOutputFactory factory = EDIOutputFactory.newFactory();
        factory.setProperty(Delimiters.SEGMENT, delimiters.segment());
        factory.setProperty(Delimiters.DATA_ELEMENT, delimiters.element());
        factory.setProperty(Delimiters.COMPONENT_ELEMENT, delimiters.component());
        if (delimiters.repetition() != null) {
            factory.setProperty(Delimiters.REPETITION, delimiters.repetition());
        } else if (edifact) {
            factory.setProperty(Delimiters.REPETITION, ' ');
        }
        if (edifact) {
            factory.setProperty(Delimiters.RELEASE, delimiters.release() == null ? '?' : delimiters.release());
            factory.setProperty(Delimiters.DECIMAL, delimiters.decimal());
        }
        // One segment per line is easier to read, unless the partner already ends segments with line breaks.
        factory.setProperty(EDIOutputFactory.PRETTY_PRINT, !delimiters.segmentIsLineBreak());
        this.writer = factory.createEDIStreamWriter(buffer);
    }

    public void start() throws EDIStreamException {
        writer.startInterchange();
    }

    /** Writes the EDIFACT service string advice with the factory's delimiters. */
    public void una() throws EDIStreamException {
        writer.writeStartSegment("UNA").writeEndSegment();
    }

    /**
     * Writes one segment. Each element is a String (simple element, null or empty for an empty one) or a String[]
     * (composite). Trailing empty elements are left out.
     */
    public void segment(String tag, Object... elements) throws EDIStreamException {
        int last = elements.length - 1;
        while (last >= 0 && isEmpty(elements[last])) {
            last--;
        }
        writer.writeStartSegment(tag);
        for (int i = 0; i <= last; i++) {
            Object element = elements[i];
            if (element instanceof String[] components) {
                writer.writeStartElement();
                int lastComponent = components.length - 1;
                while (lastComponent >= 0 && isEmpty(components[lastComponent])) {
                    lastComponent--;
                }
                for (int c = 0; c <= lastComponent; c++) {
                    if (isEmpty(components[c])) {
                        writer.writeEmptyComponent();
                    } else {
                        writer.writeComponent(components[c]);
                    }
                }
                writer.endElement();
            } else if (isEmpty(element)) {
                writer.writeEmptyElement();
            } else {
                writer.writeElement((String) element);
            }
        }
        writer.writeEndSegment();
        segmentsSinceMark++;
    }

    /** Starts counting segments again (at ST / UNH) so that SE01 / UNT 0074 can be written. */
    public void mark() {
        segmentsSinceMark = 0;
    }

    /** Segments written since {@link #mark()}, plus the trailer about to be written. */
    public int countIncludingTrailer() {
        return segmentsSinceMark + 1;
    }

    public String finish() throws EDIStreamException {
        writer.endInterchange();
        writer.close();
        return buffer.toString(StandardCharsets.UTF_8);
    }

    /** An ISA field at its fixed width: cut or padded with spaces. */
    public static String fixedWidth(String value, int width) {
        String v = value == null ? "" : value;
        return v.length() >= width ? v.substring(0, width) : v + " ".repeat(width - v.length());
    }

    private static boolean isEmpty(Object element) {
        if (element == null) {
            return true;
        }
        if (element instanceof String s) {
            return s.isEmpty();
        }
        for (String component : (String[]) element) {
            if (component != null && !component.isEmpty()) {
                return false;
            }
        }
        return true;
    }
}
