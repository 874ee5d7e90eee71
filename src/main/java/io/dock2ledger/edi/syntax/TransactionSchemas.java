package io.dock2ledger.edi.syntax;

import io.xlate.edi.schema.EDISchemaException;
import io.xlate.edi.schema.Schema;
import io.xlate.edi.schema.SchemaFactory;

import java.net.URL;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The StAEDI transaction schemas the hub validates content against. X12 schemas are kept per release, because the
 * standard's tables differ between releases (W27 is mandatory in the 003020 945 and optional in the 004010 one):
 * {@code edi/schemas/x12/<release>/<set>.xml}, e.g. {@code x12/004010/945.xml}, and the release is read from GS08
 * ({@code 004010}, {@code 004010VICS} and {@code 004010UCS} are release 004010). EDIFACT schemas are kept per
 * directory in the same way, {@code edi/schemas/edifact/<directory>/<MESSAGE>.xml}, e.g. {@code edifact/D96A/DESADV.xml},
 * and the directory is read from the UNH message identifier (S009 0052 version + 0054 release: {@code DESADV:D:96A:UN}
 * is directory D96A). Loaded once and shared: StAEDI schemas are read-only.
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

    /**
     * The UN/EDIFACT directories a folder may exist for (D.93A to D.29C), probed like {@link #X12_RELEASES}, oldest
     * first.
     */
    static final List<String> EDIFACT_DIRECTORIES = IntStream.rangeClosed(1993, 2029)
            .boxed()
            .flatMap(year -> Stream.of("A", "B", "C")
                    .map(letter -> "D" + String.format("%02d", year % 100) + letter))
            .toList();

    private final String root;
    private final Map<String, Optional<LoadedSchema>> cache = new ConcurrentHashMap<>();
    private final Map<String, List<String>> releasesByType = new ConcurrentHashMap<>();

    /**
     * A schema and the names reports show for it.
     *
     * @param id      the set's schema, e.g. {@code x12/945} (stable across releases)
     * @param release the X12 release of its table, e.g. {@code 004010}, or the EDIFACT directory, e.g. {@code D96A}
     */
    public record LoadedSchema(String id, String release, Schema schema) {
    }

    /**
     * What the hub can validate a set against.
     *
     * @param schema        the schema for the set's type in its release, if any
     * @param release       the release read from the envelope (GS08), normalised to six digits when it starts so; for
     *                      EDIFACT the directory read from UNH S009 (0052 + 0054, e.g. {@code D96A})
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
     * @param version X12: GS08 as written (e.g. {@code 004010VICS}); EDIFACT: the UNH message identifier after the
     *                type, {@code 0052:0054:0051[:0057]} (e.g. {@code D:96A:UN:EAN005}); null when not read yet, which
     *                chooses nothing
     */
    public Choice choose(EdiStandard standard, String transactionType, String version) {
        if (transactionType == null || !transactionType.matches("[A-Za-z0-9]{1,6}")) {
            return new Choice(Optional.empty(), "", List.of());
        }
        if (standard != EdiStandard.X12) {
            if (version == null) {
                return new Choice(Optional.empty(), "", List.of());
            }
            String directory = directory(version);
            Optional<LoadedSchema> schema = directory.isEmpty() ? Optional.empty()
                    : load("edifact/" + directory + "/" + transactionType, directory);
            List<String> others = schema.isPresent() ? List.of() : directoriesOf(transactionType);
            return new Choice(schema, directory, others);
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

    /**
     * The UN/EDIFACT directory of a UNH message identifier: 0052 and 0054 joined, upper case ({@code D:96A:UN:EAN005}
     * and {@code d:96a:UN} give {@code D96A}); empty when either is missing. A value that names no directory (e.g.
     * {@code 0:96A}) gives a folder that does not exist, so the message is refused, not guessed at.
     */
    public static String directory(String messageVersion) {
        if (messageVersion == null) {
            return "";
        }
        String[] parts = messageVersion.strip().split(":", -1);
        if (parts.length < 2 || parts[0].isBlank() || parts[1].isBlank()) {
            return "";
        }
        String directory = (parts[0].strip() + parts[1].strip()).toUpperCase(Locale.ROOT);
        return directory.matches("[A-Z0-9]{1,8}") ? directory : "";
    }

    /** The UN/EDIFACT directories the hub has a schema of this message type for, oldest first. */
    public List<String> directoriesOf(String messageType) {
        return releasesByType.computeIfAbsent("edifact:" + messageType, key -> EDIFACT_DIRECTORIES.stream()
                .filter(directory -> resource("edifact/" + directory + "/" + messageType) != null).toList());
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
            String id = p.substring(0, p.indexOf('/')) + "/" + p.substring(p.lastIndexOf('/') + 1);
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
