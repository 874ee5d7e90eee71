package io.dock2ledger.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** How often this JVM holds a file open, from Linux's {@code /proc/self/fd} (the test is skipped elsewhere). */
public final class OpenFiles {

    private static final Path DESCRIPTORS = Path.of("/proc/self/fd");

    private OpenFiles() {
    }

    public static long of(Path file) {
        assumeTrue(Files.isDirectory(DESCRIPTORS), "needs /proc/self/fd (Linux)");
        Path target = file.toAbsolutePath().normalize();
        try (Stream<Path> descriptors = Files.list(DESCRIPTORS)) {
            return descriptors.filter(fd -> target.equals(readLink(fd))).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path readLink(Path descriptor) {
        try {
            return Files.readSymbolicLink(descriptor);
        } catch (IOException e) {
            return null; // closed while listed
        }
    }
}
