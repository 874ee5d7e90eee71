package io.dock2ledger.routes;

import io.dock2ledger.support.TestScratch;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.nio.file.Path;

/** A hub's folders for one route test class, under target/ so that nothing in config/ or data/ is touched. */
final class RouteTestFolders {

    private RouteTestFolders() {
    }

    static Path create(String route) {
        return TestScratch.directory(route + "-");
    }

    static void register(DynamicPropertyRegistry registry, Path root) {
        registry.add("dock2ledger.data-dir", () -> root.resolve("data").toString());
        registry.add("dock2ledger.config-dir", () -> root.resolve("config").toString());
        registry.add("dock2ledger.mappings-dir", () -> root.resolve("mappings").toString());
        registry.add("dock2ledger.routes-dir", () -> Path.of("routes").toAbsolutePath().toString());
    }
}
