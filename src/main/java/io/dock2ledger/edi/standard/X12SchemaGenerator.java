package io.dock2ledger.edi.standard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns the X12 standard's tables, kept in a compact reviewable form under {@code src/main/edi-tables/x12}, into the
 * StAEDI schemas the hub validates with ({@code src/main/resources/edi/schemas/x12/<release>/}). Nobody edits the
 * schema XML: a release or a set is added by writing its table, then
 * <pre>
 * mvn -q spring-boot:run -Dspring-boot.run.main-class=io.dock2ledger.edi.standard.X12SchemaGenerator
 * </pre>
 * and committing both. {@code X12SchemaGeneratorTest} regenerates in memory and fails when the committed XML differs.
 *
 * <p>Input: {@code dictionary.txt} (elements, composites, segments; shared by every release) and
 * {@code <release>/<set>.table} (the set's segment table: position, id, usage, max use, loops). Output per release:
 * {@code _segments.xml} with the definitions that release's tables use, and one {@code <set>.xml} per table. Pure
 * and deterministic: the same tables give the same bytes.
 */
public final class X12SchemaGenerator {

    static final String UNBOUNDED = "999999";
    private static final Pattern DEFINITION = Pattern.compile("(composite|segment)\\s+(\\S+)\\s+\"([^\"]*)\"\\s*=\\s*(.*)");
    private static final Pattern SEGMENT_LINE = Pattern.compile("(\\d{3,4})\\s+([A-Z0-9]{2,3})\\s+([MO])\\s+(>1|\\d+)");
    private static final Pattern LOOP_LINE = Pattern.compile("loop\\s+(\\S+)\\s+([MO])\\s+(>1|\\d+)");
    private static final Pattern BOUND_LINE = Pattern.compile("bound\\s+(\\S+)\\s+([A-Z0-9]{2,3})\\s+([A-Z0-9]{2,3})");

    private X12SchemaGenerator() {
    }

    public static void main(String[] args) {
        Path tables = Path.of(args.length > 0 ? args[0] : "src/main/edi-tables/x12");
        Path schemas = Path.of(args.length > 1 ? args[1] : "src/main/resources/edi/schemas/x12");
        Map<String, String> files = generate(tables);
        write(files, schemas);
    }

    /** Writes generated schema files under their root, and says how many (both generators' {@code main}). */
    static void write(Map<String, String> files, Path schemas) {
        files.forEach((relative, xml) -> {
            Path target = schemas.resolve(relative);
            try {
                Files.createDirectories(target.getParent());
                Files.writeString(target, xml, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        System.out.println("wrote " + files.size() + " schema files under " + schemas);
    }

    /** Every schema file the tables give, by path relative to the schema root ({@code 004010/945.xml}). */
    public static Map<String, String> generate(Path tablesRoot) {
        Dictionary dictionary = Dictionary.read(tablesRoot.resolve("dictionary.txt"));
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> releases = Files.list(tablesRoot)) {
            for (Path release : releases.filter(Files::isDirectory).sorted().toList()) {
                Set<String> used = new LinkedHashSet<>();
                List<Path> tables;
                try (Stream<Path> list = Files.list(release)) {
                    tables = list.filter(p -> p.getFileName().toString().endsWith(".table")).sorted().toList();
                }
                for (Path table : tables) {
                    String set = table.getFileName().toString().replace(".table", "");
                    String name = release.getFileName() + "/" + table.getFileName();
                    Node root = Table.read(table, name);
                    root.segments(used);
                    for (String loop : root.loops(new ArrayList<>())) {
                        if (dictionary.segments.containsKey(loop)) {
                            throw new IllegalArgumentException(name + ": loop " + loop
                                    + " is named like a segment, which StAEDI refuses");
                        }
                    }
                    for (String id : used) {
                        if (!dictionary.segments.containsKey(id)) {
                            throw new IllegalArgumentException(name + ": segment " + id + " is not in dictionary.txt");
                        }
                    }
                    files.put(release.getFileName() + "/" + set + ".xml", transactionXml(name, root));
                }
                if (!tables.isEmpty()) {
                    files.put(release.getFileName() + "/_segments.xml",
                            dictionary.xml(used, release.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static String transactionXml(String tableName, Node root) {
        StringBuilder xml = new StringBuilder();
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<!-- Generated from src/main/edi-tables/x12/").append(tableName)
                .append(" by X12SchemaGenerator: edit the table, not this file. -->\n");
        root.comments.forEach(c -> xml.append("<!-- ").append(c.replace("--", "- -")).append(" -->\n"));
        xml.append("<schema xmlns=\"http://xlate.io/EDISchema/v4\">\n");
        xml.append("  <include schemaLocation=\"_segments.xml\"/>\n");
        xml.append("  <transaction>\n");
        root.writeChildren(xml, "    ");
        xml.append("  </transaction>\n");
        xml.append("</schema>\n");
        return xml.toString();
    }

    /** A segment or a loop of the table; the root is the transaction set itself. */
    static final class Node {
        final String id;
        final boolean loop;
        final boolean mandatory;
        final String max;
        final List<Node> children = new ArrayList<>();
        final List<String> comments = new ArrayList<>();

        Node(String id, boolean loop, boolean mandatory, String max) {
            this.id = id;
            this.loop = loop;
            this.mandatory = mandatory;
            this.max = max;
        }

        void segments(Set<String> into) {
            for (Node child : children) {
                if (child.loop) {
                    child.segments(into);
                } else {
                    into.add(child.id);
                }
            }
        }

        List<String> loops(List<String> into) {
            for (Node child : children) {
                if (child.loop) {
                    into.add(child.id);
                    child.loops(into);
                }
            }
            return into;
        }

        void writeChildren(StringBuilder xml, String indent) {
            xml.append(indent).append("<sequence>\n");
            for (Node child : children) {
                String occurs = (child.mandatory ? " minOccurs=\"1\"" : "")
                        + ("1".equals(child.max) ? "" : " maxOccurs=\"" + child.max + "\"");
                if (child.loop) {
                    xml.append(indent).append("  <loop code=\"").append(child.id).append('"').append(occurs).append(">\n");
                    child.writeChildren(xml, indent + "    ");
                    xml.append(indent).append("  </loop>\n");
                } else {
                    xml.append(indent).append("  <segment type=\"").append(child.id).append('"').append(occurs)
                            .append("/>\n");
                }
            }
            xml.append(indent).append("</sequence>\n");
        }
    }

    /** Reads one {@code .table} file into a tree, checking what a reviewer would otherwise have to. */
    static final class Table {

        static Node read(Path file, String name) {
            Node root = new Node("transaction", true, true, "1");
            List<Node> stack = new ArrayList<>(List.of(root));
            List<String[]> bounds = new ArrayList<>();
            int lastPosition = -1;
            int lineNumber = 0;
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (String raw : lines) {
                lineNumber++;
                String line = raw.strip();
                String where = name + ":" + lineNumber + ": ";
                if (line.startsWith("#")) {
                    if (stack.size() == 1 && root.children.isEmpty()) {
                        root.comments.add(line.substring(1).strip());
                    }
                    continue;
                }
                if (line.isEmpty()) {
                    continue;
                }
                Node parent = stack.get(stack.size() - 1);
                Matcher m;
                if (line.equals("heading") || line.equals("detail") || line.equals("summary")) {
                    if (stack.size() != 1) {
                        throw new IllegalArgumentException(where + "area '" + line + "' inside a loop");
                    }
                    lastPosition = -1;
                } else if ((m = SEGMENT_LINE.matcher(line)).matches()) {
                    int position = Integer.parseInt(m.group(1));
                    if (position <= lastPosition) {
                        throw new IllegalArgumentException(where + "position " + m.group(1) + " is not after the one before");
                    }
                    lastPosition = position;
                    String id = m.group(2);
                    boolean mandatory = m.group(3).equals("M");
                    String[] bound = bounds.isEmpty() ? null : bounds.get(bounds.size() - 1);
                    if (bound != null && parent.id.equals(bound[0]) && (id.equals(bound[1]) || id.equals(bound[2]))) {
                        mandatory = true; // LS and LE are optional in the table, but one brings the other
                    }
                    if (parent != root && parent.children.isEmpty() && !mandatory) {
                        throw new IllegalArgumentException(where + id + " opens a loop, so it is mandatory in it (M)");
                    }
                    if (id.equals("ST") || id.equals("SE")) {
                        continue; // the envelope's, checked by StAEDI's control schema
                    }
                    parent.children.add(new Node(id, false, mandatory, max(m.group(4))));
                } else if ((m = LOOP_LINE.matcher(line)).matches()) {
                    Node loop = new Node(m.group(1), true, m.group(2).equals("M"), max(m.group(3)));
                    parent.children.add(loop);
                    stack.add(loop);
                } else if ((m = BOUND_LINE.matcher(line)).matches()) {
                    // An LS/LE bound loop: only its LS opens it, so a bare LX after it still starts the outer loop.
                    Node loop = new Node(m.group(2) + m.group(1), true, false, "1");
                    parent.children.add(loop);
                    stack.add(loop);
                    bounds.add(new String[] {loop.id, m.group(2), m.group(3)});
                } else if (line.equals("end")) {
                    if (stack.size() == 1) {
                        throw new IllegalArgumentException(where + "'end' without a loop");
                    }
                    Node closed = stack.remove(stack.size() - 1);
                    if (closed.children.isEmpty()) {
                        throw new IllegalArgumentException(where + "loop " + closed.id + " is empty");
                    }
                    if (!bounds.isEmpty() && closed.id.equals(bounds.get(bounds.size() - 1)[0])) {
                        bounds.remove(bounds.size() - 1);
                    }
                } else {
                    throw new IllegalArgumentException(where + "cannot read '" + line + "'");
                }
            }
            if (stack.size() != 1) {
                throw new IllegalArgumentException(name + ": loop " + stack.get(stack.size() - 1).id + " has no 'end'");
            }
            return root;
        }

        private static String max(String value) {
            return value.equals(">1") ? UNBOUNDED : value;
        }
    }

    /** {@code dictionary.txt}: element types, composites and segments, in the order written. */
    static final class Dictionary {
        final Map<String, String> elements = new LinkedHashMap<>();
        final Map<String, String[]> composites = new LinkedHashMap<>();
        final Map<String, String[]> segments = new LinkedHashMap<>();

        static Dictionary read(Path file) {
            Dictionary dictionary = new Dictionary();
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (String raw : lines) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] words = line.split("\\s+");
                Matcher m = DEFINITION.matcher(line);
                if (words[0].equals("element") && words.length == 6) {
                    String code = words[2].equals("-") ? "" : " code=\"" + words[2] + "\"";
                    dictionary.elements.put(words[1], "<elementType name=\"" + words[1] + "\"" + code + " base=\""
                            + words[3] + "\" minLength=\"" + words[4] + "\" maxLength=\"" + words[5] + "\"/>");
                } else if (m.matches()) {
                    String[] entry = {m.group(3), m.group(4)};
                    (m.group(1).equals("segment") ? dictionary.segments : dictionary.composites).put(m.group(2), entry);
                } else {
                    throw new IllegalArgumentException("dictionary.txt: cannot read '" + line + "'");
                }
            }
            return dictionary;
        }

        String xml(Set<String> segmentIds, String release) {
            return xml(segmentIds, "src/main/edi-tables/x12/dictionary.txt by X12SchemaGenerator", release + " tables");
        }

        /** @param source where the definitions come from; @param user whose tables use them, for the header comment */
        String xml(Set<String> segmentIds, String source, String user) {
            Set<String> usedComposites = new LinkedHashSet<>();
            Set<String> usedElements = new LinkedHashSet<>();
            StringBuilder segmentXml = new StringBuilder();
            StringBuilder compositeXml = new StringBuilder();
            for (String id : segments.keySet()) {
                if (segmentIds.contains(id)) {
                    segmentXml.append(type("segmentType", id, segments.get(id), usedComposites, usedElements));
                }
            }
            for (String id : composites.keySet()) {
                if (usedComposites.contains(id)) {
                    compositeXml.append(type("compositeType", id, composites.get(id), new LinkedHashSet<>(),
                            usedElements));
                }
            }
            StringBuilder xml = new StringBuilder();
            xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            xml.append("<!-- Generated from ").append(source).append(": the definitions the ").append(user)
                    .append(" use. Edit the dictionary, not this file. -->\n");
            xml.append("<schema xmlns=\"http://xlate.io/EDISchema/v4\">\n");
            for (String name : elements.keySet()) {
                if (usedElements.contains(name)) {
                    xml.append("  ").append(elements.get(name)).append('\n');
                }
            }
            for (String name : usedElements) {
                if (!elements.containsKey(name)) {
                    throw new IllegalArgumentException("dictionary.txt: element " + name + " is used but not defined");
                }
            }
            xml.append(compositeXml).append(segmentXml).append("</schema>\n");
            return xml.toString();
        }

        private String type(String kind, String name, String[] entry, Set<String> usedComposites,
                            Set<String> usedElements) {
            StringBuilder xml = new StringBuilder();
            xml.append("  <").append(kind).append(" name=\"").append(name).append("\" title=\"")
                    .append(entry[0].replace("&", "&amp;")).append("\">\n    <sequence>\n");
            for (String token : entry[1].split("\\s+")) {
                int times = 1;
                String ref = token;
                int star = token.indexOf('*');
                if (star > 0) {
                    times = Integer.parseInt(token.substring(star + 1));
                    ref = token.substring(0, star);
                }
                String repeats = "";
                int caret = ref.indexOf('^');
                if (caret > 0) {
                    repeats = " maxOccurs=\"" + ref.substring(caret + 1) + "\"";
                    ref = ref.substring(0, caret);
                }
                boolean mandatory = ref.endsWith("!");
                ref = mandatory ? ref.substring(0, ref.length() - 1) : ref;
                boolean composite = composites.containsKey(ref);
                if (composite && kind.equals("compositeType")) {
                    throw new IllegalArgumentException("dictionary.txt: composite " + name + " holds composite " + ref);
                }
                (composite ? usedComposites : usedElements).add(ref);
                for (int i = 0; i < times; i++) {
                    xml.append("      <").append(composite ? "composite" : "element").append(" type=\"").append(ref)
                            .append('"').append(mandatory ? " minOccurs=\"1\"" : "").append(repeats).append("/>\n");
                }
            }
            xml.append("    </sequence>\n  </").append(kind).append(">\n");
            return xml.toString();
        }
    }
}
