package io.dock2ledger.erp.rest;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.posting.documents.DocumentKind;
import io.dock2ledger.posting.documents.StoredDocument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The ERP's payload per document kind: a JSONata template ({@code invoice.jsonata}, {@code credit-memo.jsonata},
 * {@code journal.jsonata} in the ERP's templates folder) over the hub's document JSON, the same as
 * {@code GET /api/v1/documents} shows it (amounts as decimal strings). A kind without a template is sent as that
 * JSON. When the ERP changes its payload in a release, the template changes, not the code.
 */
class PayloadTemplates {

    private final ObjectMapper json;
    private final Map<DocumentKind, String> sources = new EnumMap<>(DocumentKind.class);

    PayloadTemplates(ObjectMapper json, Path dir) {
        this.json = json;
        if (dir == null) {
            return;
        }
        for (DocumentKind kind : DocumentKind.values()) {
            Path file = dir.resolve(kind.name().toLowerCase(Locale.ROOT).replace('_', '-') + ".jsonata");
            if (Files.isRegularFile(file)) {
                try {
                    String source = Files.readString(file);
                    Jsonata.jsonata(source); // a broken template stops the hub at start, naming the file
                    sources.put(kind, source);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (RuntimeException e) {
                    throw new IllegalStateException("Payload template " + file + " does not compile: " + e.getMessage(), e);
                }
            }
        }
    }

    String payload(StoredDocument document) {
        JsonNode tree = json.valueToTree(document);
        String source = sources.get(document.document().kind());
        if (source == null) {
            return tree.toString();
        }
        // A compiled dashjoin expression keeps its input in fields: one per evaluation, never shared across threads.
        Jsonata template = Jsonata.jsonata(source);
        Object result = template.evaluate(json.convertValue(tree, Object.class), template.createFrame());
        return json.valueToTree(result).toString();
    }
}
