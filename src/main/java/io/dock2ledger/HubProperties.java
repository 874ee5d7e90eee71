package io.dock2ledger;

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

    public Path partnersDir() {
        return dataDir.resolve("partners");
    }

    public Path partnerFolder(String partner) {
        return partnersDir().resolve(partner);
    }
}
