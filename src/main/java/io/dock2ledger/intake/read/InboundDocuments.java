package io.dock2ledger.intake.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.HubException;
import io.dock2ledger.mapping.InboundDocument;
import io.dock2ledger.partners.PartnerDocument;

import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Splits an inbound file into its business documents, by the format its partner declares for it.
 * The whole file is checked before the first document is handed on, so a malformed file posts nothing.
 */
public class InboundDocuments {

    /** Told how many business documents a file holds, once its content was checked (the file progress, issue 12). */
    public interface DocumentCount {
        void counted(InboundFile file, int documents);
    }

    private final CsvDocuments csv;
    private final ObjectMapper json;
    private final DocumentCount count;
    private final UnaryOperator<Iterator<InboundDocument>> ahead;

    public InboundDocuments(CsvDocuments csv, ObjectMapper json) {
        this(csv, json, (file, documents) -> { }, UnaryOperator.identity());
    }

    /**
     * @param ahead given a CSV file's documents, the same documents in the same order, possibly mapped ahead on other
     *              threads (EventPreparation#readAhead)
     */
    public InboundDocuments(CsvDocuments csv, ObjectMapper json, DocumentCount count,
                            UnaryOperator<Iterator<InboundDocument>> ahead) {
        this.csv = csv;
        this.json = json;
        this.count = count;
        this.ahead = ahead;
    }

    public Iterator<InboundDocument> read(InboundFile file) {
        PartnerDocument type = file.document();
        String format = type.format() == null ? "" : type.format();
        return switch (format) {
            case "csv" -> {
                if (type.documentKey() == null) {
                    throw new HubException(ExceptionCategory.UNKNOWN_DOCUMENT, "Partner " + file.partner()
                            + " document type " + type.name() + " is CSV but declares no documentKey column");
                }
                count.counted(file, csv.check(file.path(), type.documentKey()));
                Iterator<JsonNode> documents = csv.documents(file.path(), type.documentKey());
                yield ahead.apply(new Documents(file, documents));
            }
            case "json" -> {
                InboundDocument only = document(file, readJson(file));
                count.counted(file, 1);
                yield List.of(only).iterator();
            }
            default -> throw new HubException(ExceptionCategory.UNKNOWN_DOCUMENT, "Partner " + file.partner()
                    + " document type " + type.name() + " has format '" + format + "', which file intake cannot read");
        };
    }

    /**
     * A CSV file's documents as inbound documents; closing it closes the file (CsvDocuments#documents), which a split
     * that stops at a failure does.
     */
    private final class Documents implements Iterator<InboundDocument>, Closeable {
        private final InboundFile file;
        private final Iterator<JsonNode> documents;

        Documents(InboundFile file, Iterator<JsonNode> documents) {
            this.file = file;
            this.documents = documents;
        }

        @Override
        public boolean hasNext() {
            return documents.hasNext();
        }

        @Override
        public InboundDocument next() {
            return document(file, documents.next());
        }

        @Override
        public void close() throws IOException {
            if (documents instanceof Closeable closeable) {
                closeable.close();
            }
        }
    }

    private JsonNode readJson(InboundFile file) {
        try {
            return json.readTree(file.path().toFile());
        } catch (IOException e) {
            throw new HubException(ExceptionCategory.MALFORMED_FILE,
                    file.path().getFileName() + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static InboundDocument document(InboundFile file, JsonNode content) {
        return new InboundDocument(file.partner(), "file", file.document().name(), file.document().mapping(),
                file.rawFileId(), content);
    }
}
