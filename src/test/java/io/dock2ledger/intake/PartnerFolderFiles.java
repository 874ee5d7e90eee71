package io.dock2ledger.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Looking into partner folders (inbox, outbox, archive, error) from the intake tests. */
final class PartnerFolderFiles {

    private PartnerFolderFiles() {
    }

    /** Regular files under a folder (recursively) whose name starts with the prefix; hidden temporaries excluded. */
    static List<Path> files(Path dir, String prefix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        // The hub moves files and read-lock markers while we look: a file that vanished mid-walk means "look again".
        for (int attempt = 1; ; attempt++) {
            try (Stream<Path> walk = Files.walk(dir)) {
                return walk.filter(Files::isRegularFile)
                        .filter(p -> p.getFileName().toString().startsWith(prefix))
                        .filter(p -> !p.getFileName().toString().startsWith("."))
                        .sorted().toList();
            } catch (IOException | UncheckedIOException e) {
                if (attempt == 5) {
                    throw new IllegalStateException("Cannot list " + dir, e);
                }
            }
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An EDI test file with its interchange control numbers (ISA13 = IEA02, 9 digits) replaced, so it is new. */
    static String renumbered(Path source, String... oldAndNew) {
        String text = read(source);
        for (int i = 0; i < oldAndNew.length; i += 2) {
            text = text.replace(oldAndNew[i], oldAndNew[i + 1]);
        }
        return text;
    }
}
