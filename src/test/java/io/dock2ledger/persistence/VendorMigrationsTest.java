package io.dock2ledger.persistence;

import io.dock2ledger.VendorMigrations;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Each database gets its own migrations after the common ones, chosen from its URL without a connection. */
class VendorMigrationsTest {

    @Test
    void eachDatabaseGetsItsOwnMigrationsAfterTheCommonOnes() {
        assertThat(locations("jdbc:h2:file:/data/db/dock2ledger;MODE=PostgreSQL"))
                .containsExactly("classpath:db/migration", "classpath:db/vendor/h2");
        assertThat(locations("jdbc:postgresql://db.example:5432/dock2ledger"))
                .containsExactly("classpath:db/migration", "classpath:db/vendor/postgresql");
    }

    @Test
    void aDatabaseWithoutMigrationsOfItsOwnGetsOnlyTheCommonOnes() {
        assertThat(locations("jdbc:unknown://somewhere")).containsExactly("classpath:db/migration");
    }

    private static String[] locations(String url) {
        FluentConfiguration configuration = Flyway.configure().locations("classpath:db/migration");
        new VendorMigrations(url).customize(configuration);
        return Arrays.stream(configuration.getLocations()).map(Location::getDescriptor).toArray(String[]::new);
    }
}
