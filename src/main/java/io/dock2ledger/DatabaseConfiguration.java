package io.dock2ledger;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/**
 * What the hub does for its database beyond Spring Boot's pool and Flyway: the embedded H2 file's migration on a copy,
 * recovery, compaction and sync.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
public class DatabaseConfiguration {

    /** Flyway's migration at start; the embedded H2 file is migrated on a copy that replaces it once complete. */
    @Bean
    EmbeddedDatabaseMigration embeddedDatabaseMigration() {
        return new EmbeddedDatabaseMigration();
    }

    /** The migrations only the configured database needs (db/vendor/h2 or db/vendor/postgresql), from its URL. */
    @Bean
    VendorMigrations vendorMigrations(DataSourceProperties dataSource) {
        return new VendorMigrations(dataSource.determineUrl());
    }

    /** Renews the pool when the embedded H2 database closed itself (route closed-database-recovery). */
    @Bean
    ClosedDatabaseRecovery closedDatabaseRecovery(DataSource dataSource) {
        return new ClosedDatabaseRecovery(dataSource);
    }

    /**
     * Rewrites the emptiest chunks of the embedded H2 file (route h2-store-compaction); its file size and fill rate are
     * gauges, so a growing file shows on the dashboards before the disk fills. -1 on PostgreSQL.
     */
    @Bean
    H2StoreCompaction h2StoreCompaction(DataSource dataSource, DatabaseProperties settings, MeterRegistry meters) {
        H2StoreCompaction compaction = new H2StoreCompaction(dataSource, settings.h2Compaction(), meters);
        Gauge.builder("dock2ledger.database.file.size", compaction, H2StoreCompaction::fileBytes).baseUnit("bytes")
                .description("Size of the embedded H2 database file at the last compaction pass (-1: not H2)")
                .register(meters);
        Gauge.builder("dock2ledger.database.chunks.fill", compaction, H2StoreCompaction::chunksFillPercent)
                .baseUnit("percent")
                .description("Live share of the embedded H2 file's chunks at the last compaction pass (-1: not H2)")
                .register(meters);
        FunctionCounter.builder("dock2ledger.database.file.written", compaction, c -> Math.max(0, c.writtenBytes()))
                .baseUnit("bytes")
                .description("Bytes written to the embedded H2 file since it was opened, at the last compaction pass"
                        + " (0: not H2)")
                .register(meters);
        return compaction;
    }

    /** Forces the embedded H2 file's pages to the disk every period (route h2-store-sync); nothing on PostgreSQL. */
    @Bean
    H2StoreSync h2StoreSync(DataSource dataSource, MeterRegistry meters) {
        return new H2StoreSync(dataSource, meters);
    }
}
