package io.dock2ledger;

import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer;
import org.springframework.boot.jdbc.DatabaseDriver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Adds {@code classpath:db/vendor/h2} or {@code classpath:db/vendor/postgresql} to Flyway's locations, the migrations
 * only one database needs, chosen from the JDBC URL. Spring Boot's {@code {vendor}} placeholder would do the same by
 * asking a connection for the database's name, which opens the pool, and with it the embedded H2 file, before
 * {@link EmbeddedDatabaseMigration} can migrate a copy of the file and rename it over the original.
 */
public class VendorMigrations implements FlywayConfigurationCustomizer {

    private final String jdbcUrl;

    public VendorMigrations(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    @Override
    public void customize(FluentConfiguration configuration) {
        DatabaseDriver driver = DatabaseDriver.fromJdbcUrl(jdbcUrl);
        if (driver == DatabaseDriver.UNKNOWN) {
            return;
        }
        List<Location> locations = new ArrayList<>(Arrays.asList(configuration.getLocations()));
        locations.add(new Location("classpath:db/vendor/" + driver.getId()));
        configuration.locations(locations.toArray(Location[]::new));
    }
}
