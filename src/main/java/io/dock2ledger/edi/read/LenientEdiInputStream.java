package io.dock2ledger.edi.read;

import io.dock2ledger.edi.syntax.EdiStandard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Smooths the real-world quirks StAEDI does not accept by itself, without reading the whole file: a UTF-8 byte-order
 * mark and blank lines before the header are skipped, an X12 ISA whose fields are not space-padded to their fixed
 * widths is re-padded (first interchange only), and a line break is added at the end of the file so that an
 * interchange whose segments end with line breaks but whose last line has none is still complete.
 * It also tells which standard the file starts with, so that non-EDI input is rejected with a clear reason.
 */
final class LenientEdiInputStream extends InputStream {

    private static final int PEEK = 4096;
    private static final int[] ISA_WIDTHS = {2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1};
    private static final byte[] EOF_SUFFIX = {'\r', '\n'};

    private final InputStream in;
    private final byte[] head;
    private int headPos;
    private final EdiStandard standard;
    private final String startsWith;
    private final boolean isaRepadded;
    private int lastByte = -1;
    private int suffixPos = -1;

    LenientEdiInputStream(InputStream in) throws IOException {
        this.in = in;
        byte[] peeked = in.readNBytes(PEEK);
        int start = 0;
        if (peeked.length >= 3 && (peeked[0] & 0xFF) == 0xEF && (peeked[1] & 0xFF) == 0xBB && (peeked[2] & 0xFF) == 0xBF) {
            start = 3;
        }
        while (start < peeked.length && isBlank(peeked[start])) {
            start++;
        }
        String prefix = new String(peeked, start, Math.min(3, peeked.length - start), StandardCharsets.ISO_8859_1);
        this.standard = switch (prefix) {
            case "ISA" -> EdiStandard.X12;
            case "UNA", "UNB" -> EdiStandard.EDIFACT;
            default -> null;
        };
        this.startsWith = new String(peeked, start, Math.min(40, peeked.length - start), StandardCharsets.UTF_8);
        byte[] body = java.util.Arrays.copyOfRange(peeked, start, peeked.length);
        byte[] repaired = standard == EdiStandard.X12 ? repadIsa(body) : null;
        this.isaRepadded = repaired != null;
        this.head = repaired != null ? repaired : body;
    }

    /** The standard the content starts with, empty when it starts with neither ISA nor UNA/UNB. */
    Optional<EdiStandard> standard() {
        return Optional.ofNullable(standard);
    }

    /** The first characters of the content (after any byte-order mark), for error messages. */
    String startsWith() {
        return startsWith;
    }

    /** True when the first ISA was not fixed-width and was re-padded before parsing. */
    boolean isaRepadded() {
        return isaRepadded;
    }

    @Override
    public int read() throws IOException {
        int b;
        if (headPos < head.length) {
            b = head[headPos++] & 0xFF;
        } else if (suffixPos < 0) {
            b = in.read();
            if (b < 0) {
                suffixPos = lastByte == '\n' ? EOF_SUFFIX.length : 0;
                return read();
            }
        } else if (suffixPos < EOF_SUFFIX.length) {
            b = EOF_SUFFIX[suffixPos++];
        } else {
            return -1;
        }
        lastByte = b;
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (headPos < head.length) {
            int n = Math.min(length, head.length - headPos);
            System.arraycopy(head, headPos, buffer, offset, n);
            headPos += n;
            lastByte = buffer[offset + n - 1] & 0xFF;
            return n;
        }
        if (suffixPos < 0) {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                lastByte = buffer[offset + n - 1] & 0xFF;
                return n;
            }
            if (n == 0) {
                return 0;
            }
        }
        int b = read();
        if (b < 0) {
            return -1;
        }
        buffer[offset] = (byte) b;
        return 1;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == 0;
    }

    /**
     * Returns the content with its ISA padded to the fixed widths when the ISA is delimited correctly but its fields
     * are shorter than X12 requires (a common quirk of hand-made files); null when the ISA is fine or not repairable.
     */
    private static byte[] repadIsa(byte[] body) {
        if (body.length < 4) {
            return null;
        }
        byte separator = body[3];
        List<String> fields = new ArrayList<>();
        int pos = 4;
        int fieldStart = pos;
        while (pos < body.length && fields.size() < 15) {
            if (body[pos] == separator) {
                fields.add(new String(body, fieldStart, pos - fieldStart, StandardCharsets.ISO_8859_1));
                fieldStart = pos + 1;
            }
            pos++;
        }
        if (fields.size() < 15 || pos + 1 >= body.length) {
            return null;
        }
        boolean fixedWidth = true;
        for (int i = 0; i < ISA_WIDTHS.length; i++) {
            String field = fields.get(i);
            if (field.length() > ISA_WIDTHS[i] || field.contains("\n") || field.contains("\r")) {
                return null;
            }
            fixedWidth &= field.length() == ISA_WIDTHS[i];
        }
        if (fixedWidth) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
        out.writeBytes("ISA".getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < ISA_WIDTHS.length; i++) {
            out.write(separator);
            String field = fields.get(i);
            String padded = i == 12
                    ? "0".repeat(ISA_WIDTHS[i] - field.length()) + field
                    : field + " ".repeat(ISA_WIDTHS[i] - field.length());
            out.writeBytes(padded.getBytes(StandardCharsets.ISO_8859_1));
        }
        out.write(separator);
        out.write(body, pos, body.length - pos);
        return out.toByteArray();
    }
}
