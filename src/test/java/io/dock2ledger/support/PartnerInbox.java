package io.dock2ledger.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A partner's inbox under a hub's data directory, written the way a careful partner uploads: under a temporary
 * {@code .part} name that intake ignores, then renamed in one step, so the hub never reads half a file.
 */
public final class PartnerInbox {

    private PartnerInbox() {
    }

    public static Path drop(Path dataDir, String partner, Path source, String name) {
        return upload(dataDir, partner, name, part -> Files.copy(source, part, StandardCopyOption.REPLACE_EXISTING));
    }

    public static Path drop(Path dataDir, String partner, String name, String content) {
        return upload(dataDir, partner, name, part -> Files.writeString(part, content, StandardCharsets.UTF_8));
    }

    /** A file of the demo day as the README drops it: config/demo/inbound/&lt;partner&gt;/&lt;name&gt;. */
    public static Path demoFile(String partner, String name) {
        return Path.of("config/demo/inbound", partner, name);
    }

    private interface Write {
        void to(Path part) throws IOException;
    }

    private static Path upload(Path dataDir, String partner, String name, Write write) {
        try {
            Path part = Files.createDirectories(dataDir.resolve("partners").resolve(partner).resolve("inbox"))
                    .resolve(name + ".part");
            write.to(part);
            return Files.move(part, part.resolveSibling(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
