package io.dock2ledger.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * Where the hub keeps its state and reads its business configuration.
 *
 * @param dataDir     runtime state (database, broker journal, partner folders); created on first run
 * @param configDir   business configuration: partners, posting rules, master-data seeds
 * @param routesDir   the YAML routes
 * @param mappingsDir partner mappings and the canonical JSON Schemas
 */
@ConfigurationProperties(prefix = "dock2ledger")
public record HubProperties(Path dataDir, Path configDir, Path routesDir, Path mappingsDir) {

    /**
     * Every directory is made absolute once, here: paths handed to Camel's file component (the archive and error
     * targets of an inbox file) are otherwise read relative to the polled folder, and ./data would land in
     * data/partners/data/partners/...
     */
    public HubProperties {
        dataDir = absolute(dataDir);
        configDir = absolute(configDir);
        routesDir = absolute(routesDir);
        mappingsDir = absolute(mappingsDir);
    }

    public Path partnersDir() {
        return dataDir.resolve("partners");
    }

    public Path partnerFolder(String partner) {
        return partnersDir().resolve(partner);
    }

    private static Path absolute(Path path) {
        return path == null ? null : path.toAbsolutePath().normalize();
    }
}
