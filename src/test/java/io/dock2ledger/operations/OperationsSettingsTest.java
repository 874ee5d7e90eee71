package io.dock2ledger.operations;

import io.dock2ledger.operations.kpi.AgeBucket;
import io.dock2ledger.operations.kpi.KpiProperties;
import io.dock2ledger.operations.reconciliation.ReconciliationProperties;
import io.dock2ledger.operations.replay.ReplayProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The operations settings: their defaults are what application.yaml documents; the age buckets' edges. */
class OperationsSettingsTest {

    @Test
    void defaultsAreTheValuesApplicationYamlDocuments() throws Exception {
        Binder documented = binder(new YamlPropertySourceLoader()
                .load("application.yaml", new ClassPathResource("application.yaml")));
        Binder empty = binder(List.of());
        for (Class<?> settings : List.of(ReconciliationProperties.class, ReplayProperties.class, KpiProperties.class)) {
            assertThat(bind(documented, settings)).as(settings.getSimpleName()).isEqualTo(bind(empty, settings));
        }
        ReconciliationProperties reconciliation = bind(empty, ReconciliationProperties.class);
        assertThat(reconciliation.cron()).isEqualTo("0 30 2 * * *");
        assertThat(reconciliation.zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(reconciliation.lease()).isEqualTo(Duration.ofHours(1));
        assertThat(bind(empty, ReplayProperties.class).maxEvents()).isEqualTo(10_000);
        assertThat(bind(empty, KpiProperties.class).window()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void ageBucketsIncludeTheirLowerEdge() {
        assertThat(AgeBucket.of(Duration.ZERO).label()).isEqualTo("lt-1h");
        assertThat(AgeBucket.of(Duration.ofMinutes(59)).label()).isEqualTo("lt-1h");
        assertThat(AgeBucket.of(Duration.ofHours(1)).label()).isEqualTo("1h-4h");
        assertThat(AgeBucket.of(Duration.ofHours(24)).label()).isEqualTo("1d-3d");
        assertThat(AgeBucket.of(Duration.ofDays(7)).label()).isEqualTo("gt-7d");
        assertThat(AgeBucket.of(Duration.ofDays(400)).label()).isEqualTo("gt-7d");
    }

    private static Binder binder(List<PropertySource<?>> sources) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().forEach(source -> environment.getPropertySources().remove(source.getName()));
        sources.forEach(environment.getPropertySources()::addLast);
        return new Binder(ConfigurationPropertySources.get(environment));
    }

    private static <T> T bind(Binder binder, Class<T> settings) {
        String prefix = settings.getAnnotation(ConfigurationProperties.class).prefix();
        return binder.bindOrCreate(prefix, Bindable.of(settings));
    }
}
