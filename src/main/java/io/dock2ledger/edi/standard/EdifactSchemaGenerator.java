package io.dock2ledger.edi.standard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns UN/EDIFACT message tables, kept in a compact reviewable form under {@code src/main/edi-tables/edifact}, into
 * the StAEDI schemas the hub validates EDIFACT messages with ({@code src/main/resources/edi/schemas/edifact/<directory>/}),
 * in the same way as {@link X12SchemaGenerator} does for X12. Nobody edits the schema XML: a directory or a message is
 * added by writing its table, then
 * <pre>
 * mvn -q spring-boot:run -Dspring-boot.run.main-class=io.dock2ledger.edi.standard.EdifactSchemaGenerator
 * </pre>
 * and committing both. {@code EdifactSchemaGeneratorTest} regenerates in memory and fails when the committed XML differs.
 *
 * <p>Input: {@code dictionary.txt} (elements, composites, segments; shared by every directory, same format as the X12
 * dictionary) and {@code <directory>/<MESSAGE>.table}, e.g. {@code D96A/DESADV.table}: the message's segment table
 * from the UN/EDIFACT directory, one line per segment ({@code 0020 BGM M 1}: position, tag, status M/C, maximum
 * repeats) and per segment group ({@code 0070 SG1 C 10} ... {@code end}). UNH and UNT are the envelope's, checked by
 * StAEDI's control schema. Pure and deterministic: the same tables give the same bytes.
 */
public final class EdifactSchemaGenerator {

    private static final Pattern SEGMENT_LINE = Pattern.compile("(\\d{4})\\s+([A-Z]{3})\\s+([MC])\\s+(\\d+)");
    private static final Pattern GROUP_LINE = Pattern.compile("(\\d{4})\\s+(SG\\d+)\\s+([MC])\\s+(\\d+)");
    private static final Pattern DIRECTORY = Pattern.compile("D\\d{2}[A-C]");

    private EdifactSchemaGenerator() {
    }

    public static void main(String[] args) {
        Path tables = Path.of(args.length > 0 ? args[0] : "src/main/edi-tables/edifact");
        Path schemas = Path.of(args.length > 1 ? args[1] : "src/main/resources/edi/schemas/edifact");
        Map<String, String> files = generate(tables);
        X12SchemaGenerator.write(files, schemas);
    }

    /** Every schema file the tables give, by path relative to the schema root ({@code D96A/DESADV.xml}). */
    public static Map<String, String> generate(Path tablesRoot) {
        X12SchemaGenerator.Dictionary dictionary = X12SchemaGenerator.Dictionary.read(tablesRoot.resolve("dictionary.txt"));
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> directories = Files.list(tablesRoot)) {
            for (Path directory : directories.filter(Files::isDirectory).sorted().toList()) {
                String dir = directory.getFileName().toString();
                if (!DIRECTORY.matcher(dir).matches()) {
                    throw new IllegalArgumentException(dir + ": a directory folder is named like D96A (0052 D + 0054)");
                }
                Set<String> used = new LinkedHashSet<>();
                List<Path> tables;
                try (Stream<Path> list = Files.list(directory)) {
                    tables = list.filter(p -> p.getFileName().toString().endsWith(".table")).sorted().toList();
                }
                for (Path table : tables) {
                    String message = table.getFileName().toString().replace(".table", "");
                    String name = dir + "/" + table.getFileName();
                    X12SchemaGenerator.Node root = read(table, name);
                    root.segments(used);
                    for (String id : used) {
                        if (!dictionary.segments.containsKey(id)) {
                            throw new IllegalArgumentException(name + ": segment " + id + " is not in dictionary.txt");
                        }
                    }
                    files.put(dir + "/" + message + ".xml", messageXml(name, root));
                }
                if (!tables.isEmpty()) {
                    files.put(dir + "/_segments.xml", dictionary.xml(used,
                            "src/main/edi-tables/edifact/dictionary.txt by EdifactSchemaGenerator",
                            dir + " tables"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static String messageXml(String tableName, X12SchemaGenerator.Node root) {
        StringBuilder xml = new StringBuilder();
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<!-- Generated from src/main/edi-tables/edifact/").append(tableName)
                .append(" by EdifactSchemaGenerator: edit the table, not this file. -->\n");
        root.comments.forEach(c -> xml.append("<!-- ").append(c.replace("--", "- -")).append(" -->\n"));
        xml.append("<schema xmlns=\"http://xlate.io/EDISchema/v4\">\n");
        xml.append("  <include schemaLocation=\"_segments.xml\"/>\n");
        xml.append("  <transaction>\n");
        root.writeChildren(xml, "    ");
        xml.append("  </transaction>\n");
        xml.append("</schema>\n");
        return xml.toString();
    }

    /** Reads one {@code .table} file into a tree, checking what a reviewer would otherwise have to. */
    static X12SchemaGenerator.Node read(Path file, String name) {
        X12SchemaGenerator.Node root = new X12SchemaGenerator.Node("transaction", true, true, "1");
        List<X12SchemaGenerator.Node> stack = new ArrayList<>(List.of(root));
        Set<String> groups = new LinkedHashSet<>();
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
            X12SchemaGenerator.Node parent = stack.get(stack.size() - 1);
            Matcher m;
            if ((m = GROUP_LINE.matcher(line)).matches() || (m = SEGMENT_LINE.matcher(line)).matches()) {
                int position = Integer.parseInt(m.group(1));
                if (position <= lastPosition) {
                    throw new IllegalArgumentException(where + "position " + m.group(1) + " is not after the one before");
                }
                lastPosition = position;
                String id = m.group(2);
                boolean mandatory = m.group(3).equals("M");
                String max = m.group(4);
                boolean group = id.startsWith("SG") && GROUP_LINE.matcher(line).matches();
                if (parent != root && parent.children.isEmpty() && (group || !mandatory)) {
                    throw new IllegalArgumentException(where + id + " opens group " + parent.id
                            + ", so it is a segment with status M");
                }
                if (group) {
                    if (!groups.add(id)) {
                        throw new IllegalArgumentException(where + "group " + id + " appears twice");
                    }
                    X12SchemaGenerator.Node node = new X12SchemaGenerator.Node(id, true, mandatory, max);
                    parent.children.add(node);
                    stack.add(node);
                } else if (!id.equals("UNH") && !id.equals("UNT")) {
                    parent.children.add(new X12SchemaGenerator.Node(id, false, mandatory, max));
                }
            } else if (line.equals("end")) {
                if (stack.size() == 1) {
                    throw new IllegalArgumentException(where + "'end' without a group");
                }
                X12SchemaGenerator.Node closed = stack.remove(stack.size() - 1);
                if (closed.children.isEmpty()) {
                    throw new IllegalArgumentException(where + "group " + closed.id + " is empty");
                }
            } else {
                throw new IllegalArgumentException(where + "cannot read '" + line + "'");
            }
        }
        if (stack.size() != 1) {
            throw new IllegalArgumentException(name + ": group " + stack.get(stack.size() - 1).id + " has no 'end'");
        }
        return root;
    }
}
