package io.dock2ledger.intake.read;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.HubException;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Reads a partner CSV file as a stream of business documents: consecutive rows with the same value in the
 * document-key column (e.g. {@code shipment_id}) form one document, handed on as {@code {"rows": [...]}}.
 * <p>
 * Memory is bounded by the largest document, not the file. Because a file must post all or nothing when it is
 * malformed, {@link #check} makes a first streaming pass over the whole file (structure only, cheap) before
 * {@link #documents} maps anything.
 */
public class CsvDocuments {

    private static final String NOT_UTF8 = "the file is not UTF-8 text (it holds bytes that are not UTF-8: a "
            + "Latin-1 or Windows-1252 file must be saved as UTF-8; a binary file is not CSV at all)";

    private final CsvMapper csv = CsvMapper.builder()
            .enable(CsvParser.Feature.FAIL_ON_MISSING_COLUMNS)
            .enable(CsvParser.Feature.TRIM_SPACES)
            // Spreadsheets and editors leave blank lines at the end; they are not rows with an empty key.
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .build();
    private final ObjectMapper json;

    public CsvDocuments(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Proves the file is well-formed CSV with the key column, the same number of fields on every row, a key
     * on every row and each document's rows together; returns the number of documents.
     *
     * @throws HubException MALFORMED_FILE naming the line and the problem
     */
    public int check(Path file, String keyColumn) {
        int documents = 0;
        FinishedKeys finished = new FinishedKeys();
        String current = null;
        try (RowReader rows = new RowReader(file, keyColumn)) {
            while (rows.hasNext()) {
                Map<String, String> row = rows.next();
                String key = row.get(keyColumn);
                if (!key.equals(current)) {
                    if (current != null) {
                        finished.add(current);
                    }
                    if (finished.contains(key)) {
                        throw rows.malformed("rows of document " + key + " are not together (it appears again after other documents)");
                    }
                    current = key;
                    documents++;
                }
            }
        }
        if (documents == 0) {
            throw new HubException(ExceptionCategory.MALFORMED_FILE, file.getFileName() + ": the file has a header but no rows");
        }
        return documents;
    }

    /**
     * The documents of a file already {@link #check checked}, one at a time. The file is closed when the last document
     * was read, or when the iterator, which is {@link Closeable}, is closed before: a split that stops at a failure
     * (routes/partner-inbox-to-canonical.camel.yaml) closes it.
     */
    public Iterator<JsonNode> documents(Path file, String keyColumn) {
        RowReader rows = new RowReader(file, keyColumn);
        return new Documents(rows, keyColumn);
    }

    private final class Documents implements Iterator<JsonNode>, Closeable {
        private final RowReader rows;
        private final String keyColumn;
        private Map<String, String> pending;

        Documents(RowReader rows, String keyColumn) {
            this.rows = rows;
            this.keyColumn = keyColumn;
            this.pending = rows.hasNext() ? rows.next() : null;
        }

        @Override
        public boolean hasNext() {
            if (pending == null) {
                rows.close();
            }
            return pending != null;
        }

        @Override
        public JsonNode next() {
            if (pending == null) {
                throw new NoSuchElementException();
            }
            String key = pending.get(keyColumn);
            ObjectNode document = json.createObjectNode();
            ArrayNode array = document.putArray("rows");
            while (pending != null && key.equals(pending.get(keyColumn))) {
                array.add(json.valueToTree(pending));
                pending = rows.hasNext() ? rows.next() : null;
            }
            return document;
        }

        /** Stops reading: no further document, the file closed. */
        @Override
        public void close() {
            pending = null;
            rows.close();
        }
    }

    /** Header-keyed rows with line numbers in every error. */
    private final class RowReader implements AutoCloseable {
        private final Path file;
        private final String keyColumn;
        private final Reader reader;
        private final MappingIterator<Map<String, String>> iterator;
        private int line = 1;

        RowReader(Path file, String keyColumn) {
            this.file = file;
            this.keyColumn = keyColumn;
            try {
                reader = withoutByteOrderMark(Files.newBufferedReader(file, StandardCharsets.UTF_8));
                iterator = csv.readerForMapOf(String.class)
                        .with(CsvSchema.emptySchema().withHeader().withStrictHeaders(false))
                        .readValues(reader);
                Object schema = iterator.getParser().getSchema();
                if (schema instanceof CsvSchema s && s.column(keyColumn) == null) {
                    close();
                    throw malformed("the header has no column '" + keyColumn + "' (it has " + columns(s) + ")");
                }
            } catch (IOException e) {
                throw new HubException(ExceptionCategory.MALFORMED_FILE, file.getFileName() + ": "
                        + (e instanceof CharacterCodingException ? NOT_UTF8 : "not readable as CSV: " + reason(e)), e);
            }
        }

        /** Excel and Notepad write UTF-8 with a byte order mark; it is not part of the first column's name. */
        private static Reader withoutByteOrderMark(BufferedReader reader) throws IOException {
            reader.mark(1);
            if (reader.read() != '\uFEFF') {
                reader.reset();
            }
            return reader;
        }

        boolean hasNext() {
            try {
                return iterator.hasNextValue();
            } catch (IOException e) {
                throw malformed(reason(e));
            } catch (RuntimeException e) {
                throw malformed(e.getMessage());
            }
        }

        Map<String, String> next() {
            try {
                Map<String, String> row = new LinkedHashMap<>(iterator.nextValue());
                line = iterator.getCurrentLocation().getLineNr();
                String key = row.get(keyColumn);
                if (key == null || key.isBlank()) {
                    throw malformed("column '" + keyColumn + "' is empty");
                }
                return row;
            } catch (IOException e) {
                throw malformed(reason(e));
            }
        }

        HubException malformed(String problem) {
            int at = iterator == null ? line : Math.max(line, iterator.getCurrentLocation().getLineNr());
            return new HubException(ExceptionCategory.MALFORMED_FILE,
                    file.getFileName() + " line " + at + ": " + problem);
        }

        @Override
        public void close() {
            try {
                reader.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String reason(IOException e) {
            if (e instanceof CharacterCodingException) {
                return NOT_UTF8;
            }
            return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        }

        private static String columns(CsvSchema schema) {
            return String.join(", ", schema.getColumnNames());
        }
    }

    /**
     * The keys of the documents a check has passed, as 64-bit hashes in one open-addressing table: 8 to 16 bytes a key
     * instead of ~90 for a String in a HashSet, so a file of 10 million documents is checked in ~100 MiB and a 1 GB
     * file can be read by a hub with a heap of 256 MiB (issue 10). Two keys share a hash with a probability of about
     * n^2 / 2^65 (3 in a million for 10 million keys); such a file would be refused as malformed, never accepted wrong.
     */
    static final class FinishedKeys {
        private long[] table = new long[1024];
        private int size;

        void add(String key) {
            if (size * 4 >= table.length * 3) {
                grow();
            }
            if (insert(table, hash(key))) {
                size++;
            }
        }

        boolean contains(String key) {
            long hash = hash(key);
            return table[slot(table, hash)] == hash;
        }

        private void grow() {
            long[] larger = new long[table.length * 2];
            for (long hash : table) {
                if (hash != 0) {
                    insert(larger, hash);
                }
            }
            table = larger;
        }

        /** Puts the hash in its slot; false when it was there already. */
        private static boolean insert(long[] table, long hash) {
            int i = slot(table, hash);
            if (table[i] == hash) {
                return false;
            }
            table[i] = hash;
            return true;
        }

        /** Where the hash is, or the empty slot where it belongs (linear probing; the table is never full). */
        private static int slot(long[] table, long hash) {
            int mask = table.length - 1;
            int i = (int) (hash ^ (hash >>> 32)) & mask;
            while (table[i] != 0 && table[i] != hash) {
                i = (i + 1) & mask;
            }
            return i;
        }

        /** FNV-1a over the key's characters, then a final mix; never 0 (the empty slot). */
        static long hash(String key) {
            long h = 0xcbf29ce484222325L;
            for (int i = 0; i < key.length(); i++) {
                h = (h ^ key.charAt(i)) * 0x100000001b3L;
            }
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
            return h == 0 ? 1 : h;
        }
    }
}
