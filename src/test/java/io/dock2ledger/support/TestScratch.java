package io.dock2ledger.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a test keeps what must outlive one test method (a shared hub's data directory, a browser profile, a route
 * test's database): a fresh directory under {@code target/test-scratch}, so {@code mvn clean} removes it. These used to
 * be made in the system's temporary directory, where nothing removed them: each {@code mvn verify} left about 100 MB
 * there (two hub data directories, a browser profile, route databases).
 * <p>
 * A test that needs a directory for one method only takes JUnit's {@code @TempDir}, which is deleted after it.
 */
public final class TestScratch {

    private static final Path ROOT = Path.of("target", "test-scratch");

    private TestScratch() {
    }

    /** @return a new, empty, absolute directory whose name starts with {@code prefix} */
    public static Path directory(String prefix) {
        try {
            return Files.createTempDirectory(Files.createDirectories(ROOT), prefix).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
