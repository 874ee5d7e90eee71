package io.dock2ledger.edi.syntax;

import io.xlate.edi.schema.EDISchemaException;
import io.xlate.edi.schema.Schema;
import io.xlate.edi.schema.SchemaFactory;

import java.net.URL;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The StAEDI transaction schemas the hub validates content against, one file per transaction set or message type
 * under {@code edi/schemas/x12/<set>.xml} and {@code edi/schemas/edifact/<MESSAGE>.xml} on the classpath. A type with no
 * file is read and checked at envelope level only. Loaded once per type and shared: StAEDI schemas are read-only.
 */
public final class TransactionSchemas {

    private final String root;
    private final Map<String, Optional<LoadedSchema>> cache = new ConcurrentHashMap<>();

    /** A schema and the name reports show for it, e.g. {@code x12/945}. */
    public record LoadedSchema(String id, Schema schema) {
    }

    public TransactionSchemas() {
        this("edi/schemas");
    }

    /** @param root classpath folder holding {@code x12/} and {@code edifact/} */
    public TransactionSchemas(String root) {
        this.root = root;
    }

    /** The schema for a transaction type, if the hub has one; fails loudly if a shipped schema file is broken. */
    public Optional<LoadedSchema> find(EdiStandard standard, String transactionType) {
        if (transactionType == null || !transactionType.matches("[A-Za-z0-9]{1,6}")) {
            return Optional.empty();
        }
        String id = standard.name().toLowerCase() + "/" + transactionType;
        return cache.computeIfAbsent(id, this::load);
    }

    private Optional<LoadedSchema> load(String id) {
        URL url = TransactionSchemas.class.getClassLoader().getResource(root + "/" + id + ".xml");
        if (url == null) {
            return Optional.empty();
        }
        try {
            SchemaFactory factory = SchemaFactory.newFactory();
            // Lets a schema include the shared segment definitions beside it, inside a jar too.
            factory.setProperty(SchemaFactory.SCHEMA_LOCATION_URL_CONTEXT, new URL(url, "./"));
            return Optional.of(new LoadedSchema(id, factory.createSchema(url)));
        } catch (EDISchemaException | java.net.MalformedURLException e) {
            throw new IllegalStateException("EDI schema " + url + " is not valid: " + e.getMessage(), e);
        }
    }
}
