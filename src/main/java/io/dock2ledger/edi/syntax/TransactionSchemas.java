package io.dock2ledger.edi.syntax;

import io.xlate.edi.schema.EDISchemaException;
import io.xlate.edi.schema.Schema;
import io.xlate.edi.schema.SchemaFactory;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The StAEDI transaction schemas the hub validates content against. X12 schemas are kept per release, because the
 * standard's tables differ between releases (W27 is mandatory in the 003020 945 and optional in the 004010 one):
 * {@code edi/schemas/x12/<release>/<set>.xml}, e.g. {@code x12/004010/945.xml}, and the release is read from GS08
 * ({@code 004010}, {@code 004010VICS} and {@code 004010UCS} are release 004010). EDIFACT schemas are one per message
 * type, {@code edi/schemas/edifact/<MESSAGE>.xml}. Loaded once and shared: StAEDI schemas are read-only.
 *
 * <p>{@link #choose} tells three cases apart: a schema for the set in its release; no schema for that type in any
 * release (the set is then checked at envelope level only, as before); and a type the hub validates, sent in a release
 * it has no table for, which the reader refuses rather than validate against another release's table.
 */
public final class TransactionSchemas {

    /**
     * The ASC X12 releases a folder may exist for. Probing a fixed list keeps "add a folder" the only step to support a
     * release (classpath folders cannot be listed portably inside a jar).
     */
    static final List<String> X12_RELEASES = List.of(
            "002001", "002002", "002003", "002040", "003010", "003020", "003030", "003040", "003050", "003060",
            "003070", "004010", "004020", "004030", "004040", "004050", "004060", "005010", "005020", "005030",
            "005040", "005050", "006010", "006020", "006030", "006040", "006050", "007010", "007020", "007030",
            "007040", "007050", "007060", "008010", "008020", "008030", "008040");

    private final String root;
    private final Map<String, Optional<LoadedSchema>> cache = new ConcurrentHashMap<>();
    private final Map<String, List<String>> releasesByType = new ConcurrentHashMap<>();

    /**
     * A schema and the names reports show for it.
     *
     * @param id      the set's schema, e.g. {@code x12/945} (stable across releases)
     * @param release the X12 release of its table, e.g. {@code 004010}; empty for EDIFACT
     */
    public record LoadedSchema(String id, String release, Schema schema) {
    }

    /**
     * What the hub can validate a set against.
     *
     * @param schema        the schema for the set's type in its release, if any
     * @param release       the release read from the envelope (GS08), normalised to six digits when it starts so
     * @param otherReleases the releases the hub has a schema of this type for; not empty with an empty schema means
     *                      the set's release is not supported
     */
    public record Choice(Optional<LoadedSchema> schema, String release, List<String> otherReleases) {

        public Choice {
            otherReleases = List.copyOf(otherReleases);
        }

        /** True when the hub validates this type, but not in the release the set was sent in. */
        public boolean releaseNotSupported() {
            return schema.isEmpty() && !otherReleases.isEmpty();
        }
    }

    public TransactionSchemas() {
        this("edi/schemas");
    }

    /** @param root classpath folder holding {@code x12/<release>/} and {@code edifact/} */
    public TransactionSchemas(String root) {
        this.root = root;
    }

    /**
     * The schema for a transaction type in the release its envelope names.
     *
     * @param version X12: GS08 as written (e.g. {@code 004010VICS}); EDIFACT: ignored
     */
    public Choice choose(EdiStandard standard, String transactionType, String version) {
        if (transactionType == null || !transactionType.matches("[A-Za-z0-9]{1,6}")) {
            return new Choice(Optional.empty(), "", List.of());
        }
        if (standard != EdiStandard.X12) {
            return new Choice(load("edifact/" + transactionType, ""), "", List.of());
        }
        String release = release(version);
        Optional<LoadedSchema> schema = release.isEmpty() ? Optional.empty()
                : load("x12/" + release + "/" + transactionType, release);
        List<String> others = schema.isPresent() ? List.of() : releasesOf(transactionType);
        return new Choice(schema, release, others);
    }

    /** The six-digit release of a GS08 version ({@code 004010VICS} gives {@code 004010}); else the value stripped. */
    public static String release(String version) {
        if (version == null) {
            return "";
        }
        String value = version.strip();
        return value.matches("\\d{6}.*") ? value.substring(0, 6) : value;
    }

    /** The releases the hub has an X12 schema of this type for, oldest first. */
    public List<String> releasesOf(String transactionType) {
        return releasesByType.computeIfAbsent(transactionType, type -> X12_RELEASES.stream()
                .filter(release -> resource("x12/" + release + "/" + type) != null).toList());
    }

    private Optional<LoadedSchema> load(String path, String release) {
        return cache.computeIfAbsent(path, p -> {
            URL url = resource(p);
            if (url == null) {
                return Optional.empty();
            }
            String id = p.startsWith("x12/") ? "x12/" + p.substring(p.lastIndexOf('/') + 1) : p;
            try {
                SchemaFactory factory = SchemaFactory.newFactory();
                // Lets a schema include the shared segment definitions beside it, inside a jar too.
                factory.setProperty(SchemaFactory.SCHEMA_LOCATION_URL_CONTEXT, new URL(url, "./"));
                return Optional.of(new LoadedSchema(id, release, factory.createSchema(url)));
            } catch (EDISchemaException | java.net.MalformedURLException e) {
                throw new IllegalStateException("EDI schema " + url + " is not valid: " + e.getMessage(), e);
            }
        });
    }

    private URL resource(String path) {
        return TransactionSchemas.class.getClassLoader().getResource(root + "/" + path + ".xml");
    }
}
