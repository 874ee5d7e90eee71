package io.dock2ledger.partners;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The names a partner may give a file in its inbox: ASCII letters, digits, {@code .}, {@code _} and {@code -},
 * starting with a letter or digit, not ending in {@code .}, at most {@value #MAX_LENGTH} characters.
 * <p>
 * Why so strict: every other name has hurt somewhere. Camel's file component turns a backslash into a folder
 * separator on Linux ({@code FileUtil.normalizePath}), so {@code a\b.csv} is looked for as {@code a/b.csv}, never
 * found, never read and never moved (a file stuck in the inbox with no trace). Control characters split log lines
 * and {@code .reason} files; a leading {@code -} is an option to every command-line tool an operator uses on the
 * folder; Windows drops trailing dots and refuses spaces at the end; the same accented name can be spelled NFC or
 * NFD, two different files that look alike; a name near the file-system limit of 255 bytes cannot be archived
 * once the hub adds its time stamp. The SFTP server refuses such names at upload and rename; a file that lands in an
 * inbox anyway (copied onto the disk) is quarantined under {@link #safeVersion} with a reason.
 */
public final class PartnerFileNames {

    /** Leaves room for the archive's time stamp (20 characters) and {@code .reason} within 255 bytes. */
    public static final int MAX_LENGTH = 200;

    private PartnerFileNames() {
    }

    /** Why a partner may not name a file so, one sentence; empty when the name is fine. */
    public static Optional<String> problem(String name) {
        return problem(name, false);
    }

    /**
     * Why a partner may not create a file under this name over SFTP; empty when it may. Like {@link #problem}, but a
     * leading dot is allowed: clients upload under hidden temporary names ({@code .name.part}) and rename, and the
     * inbox route never reads dot-files.
     */
    public static Optional<String> uploadProblem(String name) {
        return problem(name, true);
    }

    private static Optional<String> problem(String name, boolean hiddenAllowed) {
        if (name == null || name.isEmpty()) {
            return Optional.of("the file name is empty");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("the file name is " + name.length() + " characters long; at most " + MAX_LENGTH
                    + " are accepted");
        }
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            if (!allowed(c)) {
                return Optional.of("the file name contains " + describe(c) + " at position " + (i + 1)
                        + "; use only letters A-Z a-z, digits, '.', '_' and '-'");
            }
            i += Character.charCount(c);
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of("'" + name + "' names a folder, not a file");
        }
        boolean hidden = hiddenAllowed && name.charAt(0) == '.' && name.length() > 1 && name.charAt(1) != '.';
        char first = name.charAt(hidden ? 1 : 0);
        if (first == '-') {
            return Optional.of("the file name starts with '-', which command-line tools read as an option");
        }
        if (first == '.' || first == '_') {
            return Optional.of("the file name starts with '" + first + "'; it must start with a letter or digit");
        }
        if (name.endsWith(".")) {
            return Optional.of("the file name ends with '.', which Windows and some SFTP clients drop silently");
        }
        return Optional.empty();
    }

    /**
     * A name safe to write anywhere, for a file whose own name is not: every character outside the accepted set
     * becomes {@code _}, the result is shortened, and a short hash of the original keeps two unsafe names that
     * differ only in a refused character apart. A name without {@link #problem} is returned unchanged.
     */
    public static String safeVersion(String name) {
        if (name != null && problem(name).isEmpty()) {
            return name;
        }
        String original = name == null ? "" : name;
        StringBuilder safe = new StringBuilder();
        original.codePoints().forEach(c -> safe.append(allowed(c) ? (char) c : '_'));
        String cleaned = safe.toString().replaceAll("^[._-]+", "").replaceAll("\\.+$", "");
        int dot = cleaned.lastIndexOf('.');
        String extension = dot > 0 && cleaned.length() - dot <= 10 ? cleaned.substring(dot) : "";
        String stem = extension.isEmpty() ? cleaned : cleaned.substring(0, dot);
        int room = MAX_LENGTH - extension.length() - 10 - "unsafe-name".length();
        if (stem.length() > room) {
            stem = stem.substring(0, room);
        }
        return (stem.isEmpty() ? "unsafe-name" : stem) + "-" + shortHash(original) + extension;
    }

    /** The name as a reader can see it: control and non-ASCII characters written as a backslash-u escape. */
    public static String printable(String name) {
        if (name == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        name.codePoints().forEach(c -> {
            if (c >= 0x20 && c < 0x7f) {
                out.append((char) c);
            } else {
                out.append(c <= 0xffff ? String.format("\\u%04X", c) : String.format("\\U%08X", c));
            }
        });
        return out.toString();
    }

    private static boolean allowed(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-';
    }

    private static String describe(int c) {
        return switch (c) {
            case '\\' -> "a backslash ('\\'), which the hub's file reader takes for a folder separator";
            case '/' -> "a '/', which is a folder separator";
            case ' ' -> "a space";
            case '\n' -> "a line feed (U+000A)";
            case '\r' -> "a carriage return (U+000D)";
            case '\t' -> "a tab (U+0009)";
            default -> {
                if (Character.isISOControl(c)) {
                    yield "the control character U+" + String.format("%04X", c);
                }
                if (c > 0x7f) {
                    yield "the non-ASCII character U+" + String.format("%04X", c)
                            + " (accented letters have two spellings, NFC and NFD, that look alike)";
                }
                yield "the character '" + (char) c + "'";
            }
        };
    }

    private static String shortHash(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
